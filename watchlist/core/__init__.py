"""Pure domain logic: statuses, fuzzy dates, the release estimator, provider-neutral records."""
