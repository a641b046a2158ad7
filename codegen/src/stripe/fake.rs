//! What the fake Stripe needs to know that the spec does not say: the prefix of each
//! object's ids in test mode.

/// Id prefixes Stripe uses in test mode, by `object` value. Objects not listed get the
/// initials of their name's words (`shipping_rate` → `sr`).
const ID_PREFIXES: &[(&str, &str)] = &[
    ("bank_account", "ba"),
    ("card", "card"),
    ("charge", "ch"),
    ("checkout.session", "cs_test"),
    ("coupon", "co"),
    ("customer", "cus"),
    ("discount", "di"),
    ("event", "evt"),
    ("file", "file"),
    ("file_link", "link"),
    ("invoice", "in"),
    ("invoiceitem", "ii"),
    ("item", "li"),
    ("line_item", "il"),
    ("payment_intent", "pi"),
    ("payment_method", "pm"),
    ("price", "price"),
    ("product", "prod"),
    ("promotion_code", "promo"),
    ("quote", "qt"),
    ("refund", "re"),
    ("setup_intent", "seti"),
    ("shipping_rate", "shr"),
    ("source", "src"),
    ("subscription", "sub"),
    ("subscription_item", "si"),
    ("tax_id", "txi"),
    ("tax_rate", "txr"),
    ("webhook_endpoint", "we"),
];

/// The prefix of ids of objects with this `object` value.
pub fn id_prefix(object: &str) -> String {
    if let Some((_, prefix)) = ID_PREFIXES.iter().find(|(name, _)| *name == object) {
        return (*prefix).to_owned();
    }
    object
        .split(['.', '_'])
        .filter_map(|word| word.chars().next())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlisted_objects_get_their_initials() {
        assert_eq!(id_prefix("checkout.session"), "cs_test");
        assert_eq!(id_prefix("terminal.reader"), "tr");
        assert_eq!(id_prefix("apple_pay_domain"), "apd");
    }
}
