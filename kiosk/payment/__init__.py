"""Fee payment: VietQR payloads."""
