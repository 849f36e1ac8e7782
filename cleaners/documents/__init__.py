"""Text of attached documents: PDF, DOCX and XLSX files read to plain lines, bounded.

Imports nothing of cleaners/ but `cleaners.records`; the assemble room reads attachments with it.
"""
