"""Documents made from the reads: the review pack and the audit log as CSV."""
