"""Built-in rule pack of auditcheck: one module per rule code (AC1xx arithmetic ... AC8xx completeness)."""
