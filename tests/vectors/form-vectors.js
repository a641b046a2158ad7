// Expected form bodies, computed by stripe-node's own encoding: `qs.stringify` (qs 6),
// then `%5B`/`%5D` turned back into literal brackets. Regenerate with:
//   npm install qs@6 && node tests/vectors/form-vectors.js > tests/vectors/form.tsv
// Object keys are listed in the order the Rust types serialize them (spec order for
// struct fields, sorted for maps).
const qs = require('qs');
const enc = (o) => qs.stringify(o).replace(/%5B/g, '[').replace(/%5D/g, ']');
const vectors = {
  line_items: {
    line_items: [
      { price_data: { currency: 'usd', product_data: { description: 'Cotton, 100%', name: 'T-shirt' },
                      recurring: { interval: 'month', interval_count: 3 }, unit_amount: 2000 },
        quantity: 2 },
      { price: 'price_123', quantity: 1 },
    ],
    mode: 'subscription',
    success_url: 'https://example.com/done?session={CHECKOUT_SESSION_ID}',
  },
  metadata: {
    metadata: { 'caf\u00e9': '\u65e5\u672c \u{1F600}', 'gift note': 'a & b = c', 'order id': '6735' },
    success_url: 'https://example.com',
  },
  discounts_and_types: {
    allow_promotion_codes: false,
    discounts: [{ coupon: 'SUMMER21' }],
    payment_method_types: ['card', 'klarna'],
    success_url: 'https://example.com',
  },
  clear: { address: '', metadata: '' },
  expand: { expand: ['customer', 'line_items.data.price.product'] },
};
for (const [name, value] of Object.entries(vectors)) console.log(name + '\t' + enc(value));
