"""Arabic text as pure Python: digits, plural agreement, normalisation, tokenising and stemming.

Nothing here imports Django, so it is fast to test and reusable by any layer above it.
"""
