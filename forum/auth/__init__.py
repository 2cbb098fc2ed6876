"""Sign-up, sign-in, profiles and language preference."""
