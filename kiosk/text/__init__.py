"""Text entry for the kiosk: Vietnamese Telex typing, no Qt."""

from kiosk.text.telex import MARKS, TONES, apply_key, apply_mark, apply_tone, backspace, strip_tone

__all__ = ["MARKS", "TONES", "apply_key", "apply_mark", "apply_tone", "backspace", "strip_tone"]
