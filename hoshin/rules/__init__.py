"""The domain rules, each written once: lifecycle, debt, deployment gap, permissions, input."""
