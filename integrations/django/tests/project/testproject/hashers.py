from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Django's pbkdf2_sha256, cheap for tests; the stored format is the real one."""

    iterations = 1000
