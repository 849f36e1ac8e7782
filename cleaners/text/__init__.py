"""Text of a page: bytes decoded to str, and line-level repair and matching keys.

Imports nothing of cleaners/ but `cleaners.records`; every other room may import it.
"""
