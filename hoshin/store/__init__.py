"""Storage plumbing: opening and creating plan databases, reversible steps, the audit recorder."""
