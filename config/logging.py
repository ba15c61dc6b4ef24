"""A logging filter that keeps Thai national ID numbers out of every log line (PDPA)."""

import logging
import re

# 13 digits, plain or written N-NNNN-NNNNN-NN-N (spaces or dashes), not inside a longer number.
NATIONAL_ID_PATTERN = re.compile(r"(?<!\d)\d[- ]?\d{4}[- ]?\d{5}[- ]?\d{2}[- ]?\d(?!\d)")
REDACTED = "[เลขประจำตัวประชาชนถูกปิดบัง]"


def redact(text: str) -> str:
    return NATIONAL_ID_PATTERN.sub(REDACTED, text)


class RedactNationalIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
