//! The arithmetic of a Checkout Session's amounts, as Stripe documents it, on integers
//! in the currency's smallest unit:
//!
//! - a line's subtotal is its unit amount times its quantity;
//! - a discount applies to the subtotal of the lines it applies to (a coupon's
//!   `applies_to.products`, or every line): `percent_off` takes that share, rounded;
//!   `amount_off` takes that amount, at most the subtotal. The discount is shared among
//!   the lines in proportion to their subtotals, the cents left over by rounding going to
//!   the lines with the largest remainders, so the lines add up to the session
//!   (<https://docs.stripe.com/payments/checkout/discounts>);
//! - each tax rate of a line taxes the line after its discount: an exclusive rate adds
//!   `amount × p / 100`, an inclusive one is the part `amount × p / (100 + p)` of what the
//!   line already charges (<https://docs.stripe.com/billing/taxes/tax-rates>); tax is
//!   rounded per line and rate;
//! - shipping is added after discounts (a coupon does not reduce it) and is not taxed
//!   here;
//! - a line's total is its subtotal less its discount plus its exclusive tax; the
//!   session's total is the sum of the lines' totals plus shipping.
//!
//! Rounding is half away from zero. Every sum is checked: an amount Stripe could not
//! represent is `None`, which the caller answers with a 400.

/// One line to price.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The price's `unit_amount`.
    pub unit_amount: i64,
    /// How many.
    pub quantity: i64,
    /// Whether the discount applies to this line.
    pub discountable: bool,
    /// The line's tax rates.
    pub taxes: Vec<Rate>,
}

/// A tax rate as the arithmetic needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// The percentage (`19.0` for 19 %).
    pub percentage: f64,
    /// Whether the price already includes the tax.
    pub inclusive: bool,
}

/// A coupon's reduction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Discount {
    /// `percent_off`.
    Percent(f64),
    /// `amount_off`, in the session's currency.
    Amount(i64),
}

/// What one line comes to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineAmounts {
    /// Before discounts and taxes.
    pub subtotal: i64,
    /// Its share of the discount.
    pub discount: i64,
    /// Its tax, per rate, in the order of the line's rates.
    pub taxes: Vec<i64>,
    /// After discount and exclusive tax.
    pub total: i64,
}

impl LineAmounts {
    /// The line's tax, inclusive and exclusive.
    pub fn tax(&self) -> i64 {
        self.taxes.iter().sum()
    }
}

/// What a whole session comes to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Amounts {
    /// Each line's amounts, in order.
    pub lines: Vec<LineAmounts>,
    /// The sum of the lines' subtotals.
    pub subtotal: i64,
    /// The whole discount.
    pub discount: i64,
    /// All tax, inclusive and exclusive.
    pub tax: i64,
    /// The shipping amount.
    pub shipping: i64,
    /// What the customer pays.
    pub total: i64,
}

/// Prices lines with an optional discount and a shipping amount; `None` on overflow.
pub fn compute(lines: &[Line], discount: Option<Discount>, shipping: i64) -> Option<Amounts> {
    let subtotals = lines
        .iter()
        .map(|line| line.unit_amount.checked_mul(line.quantity))
        .collect::<Option<Vec<i64>>>()?;
    let discountable: Vec<i64> = lines
        .iter()
        .zip(&subtotals)
        .map(|(line, &subtotal)| if line.discountable { subtotal } else { 0 })
        .collect();
    let base = checked_sum(&discountable)?;
    let whole_discount = match discount {
        None => 0,
        Some(Discount::Percent(percent)) => round(base as f64 * percent / 100.0)?,
        Some(Discount::Amount(amount)) => amount.clamp(0, base),
    };
    let shares = share(whole_discount, &discountable)?;
    let mut amounts = Amounts {
        shipping,
        ..Amounts::default()
    };
    for ((line, &subtotal), discount) in lines.iter().zip(&subtotals).zip(shares) {
        let taxed = subtotal - discount;
        let mut exclusive = 0i64;
        let mut taxes = Vec::with_capacity(line.taxes.len());
        for rate in &line.taxes {
            let tax = tax_of(taxed, *rate)?;
            if !rate.inclusive {
                exclusive = exclusive.checked_add(tax)?;
            }
            taxes.push(tax);
        }
        let total = taxed.checked_add(exclusive)?;
        let line = LineAmounts {
            subtotal,
            discount,
            taxes,
            total,
        };
        amounts.subtotal = amounts.subtotal.checked_add(subtotal)?;
        amounts.tax = amounts.tax.checked_add(line.tax())?;
        amounts.total = amounts.total.checked_add(total)?;
        amounts.lines.push(line);
    }
    amounts.discount = whole_discount;
    amounts.total = amounts.total.checked_add(shipping)?;
    Some(amounts)
}

fn tax_of(amount: i64, rate: Rate) -> Option<i64> {
    let amount = amount as f64;
    if rate.inclusive {
        round(amount * rate.percentage / (100.0 + rate.percentage))
    } else {
        round(amount * rate.percentage / 100.0)
    }
}

/// `whole` shared in proportion to `weights`, largest remainders first, so that the
/// shares add up to `whole` exactly.
fn share(whole: i64, weights: &[i64]) -> Option<Vec<i64>> {
    let total = checked_sum(weights)?;
    if total == 0 || whole == 0 {
        return Some(vec![0; weights.len()]);
    }
    let mut shares = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, &weight) in weights.iter().enumerate() {
        let exact = i128::from(whole) * i128::from(weight);
        shares.push(i64::try_from(exact / i128::from(total)).ok()?);
        remainders.push((exact % i128::from(total), i));
    }
    let left = whole - checked_sum(&shares)?;
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take(usize::try_from(left).ok()?) {
        shares[i] += 1;
    }
    Some(shares)
}

fn checked_sum(values: &[i64]) -> Option<i64> {
    values.iter().try_fold(0i64, |sum, &v| sum.checked_add(v))
}

/// Half away from zero; `None` outside what an amount can hold.
fn round(value: f64) -> Option<i64> {
    let rounded = value.round();
    (rounded.is_finite() && rounded.abs() < 9.0e15).then_some(rounded as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(unit_amount: i64, quantity: i64) -> Line {
        Line {
            unit_amount,
            quantity,
            discountable: true,
            taxes: Vec::new(),
        }
    }

    fn exclusive(percentage: f64) -> Rate {
        Rate {
            percentage,
            inclusive: false,
        }
    }

    /// The cart: 2 × 15.00 + 1 × 25.00, 10 % off, 5.00 shipping.
    #[test]
    fn a_percent_coupon_and_shipping() {
        let lines = [line(1500, 2), line(2500, 1)];
        let amounts = compute(&lines, Some(Discount::Percent(10.0)), 500).unwrap();
        assert_eq!(
            (amounts.subtotal, amounts.discount, amounts.total),
            (5500, 550, 5450)
        );
        let shares: Vec<i64> = amounts.lines.iter().map(|l| l.discount).collect();
        assert_eq!(shares, [300, 250]);
    }

    /// 3 × 3.33 with 1.00 off: the cent left by the thirds goes to the first line.
    #[test]
    fn an_amount_coupon_is_shared_to_the_cent() {
        let lines = [line(333, 1), line(333, 1), line(333, 1)];
        let amounts = compute(&lines, Some(Discount::Amount(100)), 0).unwrap();
        let shares: Vec<i64> = amounts.lines.iter().map(|l| l.discount).collect();
        assert_eq!(shares, [34, 33, 33]);
        assert_eq!(amounts.total, 899);
        let capped = compute(&[line(500, 1)], Some(Discount::Amount(800)), 0).unwrap();
        assert_eq!((capped.discount, capped.total), (500, 0));
    }

    /// 19.99 with 8.25 % exclusive tax: 1.649… rounds to 1.65; inclusive 20 % of 12.00
    /// is the 2.00 already in it.
    #[test]
    fn exclusive_and_inclusive_tax() {
        let mut taxed = line(1999, 1);
        taxed.taxes.push(exclusive(8.25));
        let mut included = line(1200, 1);
        included.taxes.push(Rate {
            percentage: 20.0,
            inclusive: true,
        });
        let amounts = compute(&[taxed, included], None, 0).unwrap();
        assert_eq!(amounts.lines[0].taxes, [165]);
        assert_eq!(amounts.lines[0].total, 2164);
        assert_eq!(amounts.lines[1].taxes, [200]);
        assert_eq!(amounts.lines[1].total, 1200);
        assert_eq!((amounts.tax, amounts.total), (365, 3364));
    }

    /// Tax follows the discount: 100.00 − 25 % = 75.00, 10 % tax on that is 7.50.
    #[test]
    fn tax_applies_after_the_discount() {
        let mut taxed = line(10_000, 1);
        taxed.taxes.push(exclusive(10.0));
        let amounts = compute(&[taxed], Some(Discount::Percent(25.0)), 0).unwrap();
        assert_eq!(amounts.lines[0].taxes, [750]);
        assert_eq!(amounts.total, 8250);
    }

    /// A coupon restricted to some products leaves the other lines whole.
    #[test]
    fn a_restricted_coupon_skips_other_lines() {
        let mut other = line(4000, 1);
        other.discountable = false;
        let amounts = compute(&[line(1000, 1), other], Some(Discount::Percent(50.0)), 0).unwrap();
        assert_eq!(amounts.discount, 500);
        assert_eq!(amounts.lines[1].discount, 0);
        assert_eq!(amounts.total, 4500);
    }

    #[test]
    fn overflow_is_none() {
        assert!(compute(&[line(i64::MAX, 2)], None, 0).is_none());
        assert!(compute(&[line(i64::MAX, 1)], None, 1).is_none());
    }
}
