"""Name normalisation across Hangul, Hanja, Japanese and romanised forms, and roster matching."""
