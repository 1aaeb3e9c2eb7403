"""The Spending place: what was spent, held and refunded, per month and category."""
