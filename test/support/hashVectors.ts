/**
 * Published known-answer vectors for every legacy password format, each with its source:
 * the framework's (or reference library's) own tests or documentation.
 */

// passlib's UPASS_TABLE and UPASS_LETMEIN (passlib/tests/test_handlers.py).
export const UPASS_TABLE = "t\u00e1\u0411\u2113\u0259";
export const LETMEIN = "l\u00e8tmein";
const OPENWALL_72 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

export interface HashVector {
  source: string;
  format: string;
  password: string;
  encoded: string;
  /** A password that must fail; default: the password with one more character. */
  wrong?: string;
}

export const HASH_VECTORS: HashVector[] = [
  // --- bcrypt: OpenBSD / Openwall crypt_blowfish wrapper.c tests (also in jBCrypt, bcryptjs).
  { source: "openwall crypt_blowfish wrapper.c", format: "bcrypt", password: "U*U", encoded: "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW" },
  { source: "openwall crypt_blowfish wrapper.c", format: "bcrypt", password: "U*U*", encoded: "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK" },
  { source: "openwall crypt_blowfish wrapper.c", format: "bcrypt", password: "U*U*U", encoded: "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a" },
  { source: "openwall crypt_blowfish wrapper.c", format: "bcrypt", password: "", encoded: "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy", wrong: " " },
  // 72-byte truncation: the reference ignores everything after byte 72.
  { source: "openwall crypt_blowfish wrapper.c (72-byte case)", format: "bcrypt", password: `${OPENWALL_72}chars after 72 are ignored`, encoded: "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui", wrong: OPENWALL_72.slice(0, 71) },
  { source: "openwall crypt_blowfish wrapper.c (72-byte case, first 72 bytes alone)", format: "bcrypt", password: OPENWALL_72, encoded: "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui", wrong: `x${OPENWALL_72}` },
  // PHP's crypt_blowfish test vectors carry the same 72-byte case under PHP's $2y$ prefix.
  { source: "PHP crypt_blowfish tests ($2y$ 72-byte vector)", format: "bcrypt", password: `${OPENWALL_72}chars after 72 are ignored`, encoded: "$2y$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui", wrong: OPENWALL_72.slice(1) },
  // Non-ASCII passwords are hashed as UTF-8 (passlib test_handlers_bcrypt.py, UPASS_TABLE).
  { source: "passlib test_handlers_bcrypt.py (utf-8)", format: "bcrypt", password: UPASS_TABLE, encoded: "$2a$05$Z17AXnnlpzddNUvnC6cZNOSwMA/8oNiKnHTHTwLlBijfucQQlHjaG" },
  { source: "passlib test_handlers_bcrypt.py ($2b$)", format: "bcrypt", password: UPASS_TABLE, encoded: "$2b$05$Z17AXnnlpzddNUvnC6cZNOSwMA/8oNiKnHTHTwLlBijfucQQlHjaG" },
  { source: "jBCrypt TestBCrypt.java", format: "bcrypt", password: "abcdefghijklmnopqrstuvwxyz", encoded: "$2a$10$fVH8e28OQRj9tqiDXs1e1uxpsjN0c7II7YPKXua2NAKYvM6iQk7dq" },

  // --- Django: tests/auth_tests/test_hashers.py (django/django).
  { source: "django test_hashers.py test_pbkdf2", format: "pbkdf2_sha256", password: LETMEIN, encoded: "pbkdf2_sha256$390000$seasalt$8xBlGd3jVgvJ+92hWPxi5ww0uuAuAnKgC45eudxro7c=" },
  { source: "django test_hashers.py test_low_level_pbkdf2", format: "pbkdf2_sha256", password: LETMEIN, encoded: "pbkdf2_sha256$390000$seasalt2$geC/uZ92nRXDSjSxeoiBqYyRcrLzMm8xK3ro1QS1uo8=" },
  { source: "django test_hashers.py test_low_level_pbkdf2_sha1", format: "pbkdf2_sha1", password: LETMEIN, encoded: "pbkdf2_sha1$390000$seasalt2$aDapRanzW8aHTz97v2TcfHzWD+I=" },
  { source: "django test_hashers.py test_sha1", format: "sha1", password: LETMEIN, encoded: "sha1$seasalt$cff36ea83f5706ce9aa7454e63e431fc726b2dc8" },
  { source: "django test_hashers.py test_md5", format: "md5", password: LETMEIN, encoded: "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3" },
  { source: "django test_hashers.py test_unsalted_md5", format: "unsalted_md5", password: LETMEIN, encoded: "88a434c88cca4e900f7874cd98123f43" },
  { source: "django test_hashers.py test_unsalted_md5 (alternate md5$$ syntax)", format: "unsalted_md5", password: LETMEIN, encoded: "md5$$88a434c88cca4e900f7874cd98123f43" },
  { source: "django test_hashers.py test_unsalted_sha1", format: "unsalted_sha1", password: LETMEIN, encoded: "sha1$$6d138ca3ae545631b3abd71a4f076ce759c5700b" },
  { source: "django test_hashers.py test_argon2 (old hash without version)", format: "argon2", password: "secret", encoded: "argon2$argon2i$m=8,t=1,p=1$c29tZXNhbHQ$gwQOXSNhxiOxPOA0+PY10P9QFO4NAYysnqRt1GSQLE55m+2GYDt9FEjPMHhP2Cuf0nOEXXMocVrsJAtNSsKyfg", wrong: "wrong" },
  { source: "django test_hashers.py test_argon2 (old hash with version)", format: "argon2", password: "secret", encoded: "argon2$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$YC9+jJCrQhs5R6db7LlN8Q", wrong: "wrong" },
  { source: "django test_hashers.py test_argon2_version_upgrade (argon2id)", format: "argon2", password: "secret", encoded: "argon2$argon2id$v=19$m=102400,t=2,p=8$Y041dExhNkljRUUy$TMa6A8fPJhCAUXRhJXCXdw" },
  { source: "django test_hashers.py test_scrypt", format: "scrypt", password: LETMEIN, encoded: "scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==" },
  // Django's bcrypt hashers have no fixed vectors in Django's suite; passlib's django tests do.
  { source: "passlib test_handlers_django.py django_bcrypt", format: "django_bcrypt", password: "", encoded: "bcrypt$$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.", wrong: " " },
  { source: "passlib test_handlers_django.py django_bcrypt", format: "django_bcrypt", password: UPASS_TABLE, encoded: "bcrypt$$2a$05$Z17AXnnlpzddNUvnC6cZNOSwMA/8oNiKnHTHTwLlBijfucQQlHjaG" },
  { source: "passlib test_handlers_django.py django_bcrypt_sha256", format: "bcrypt_sha256", password: "", encoded: "bcrypt_sha256$$2a$06$/3OeRpbOf8/l6nPPRdZPp.nRiyYqPobEZGdNRBWihQhiFDh1ws1tu", wrong: " " },
  { source: "passlib test_handlers_django.py django_bcrypt_sha256", format: "bcrypt_sha256", password: LETMEIN, encoded: "bcrypt_sha256$$2a$08$NDjSAIcas.EcoxCRiArvT.MkNiPYVhrsrnJsRkLueZOoV1bsQqlmC" },
  { source: "passlib test_handlers_django.py django_bcrypt_sha256", format: "bcrypt_sha256", password: UPASS_TABLE, encoded: "bcrypt_sha256$$2a$06$kCXUnRFQptGg491siDKNTu8RxjBGSjALHRuvhPYNFsa4Ea5d9M48u" },
  // bcrypt_sha256 is not truncated at 72: the 72-char password is not the 75-char one.
  { source: "passlib test_handlers_django.py django_bcrypt_sha256 (>72 chars)", format: "bcrypt_sha256", password: "abc123".repeat(12), encoded: "bcrypt_sha256$$2a$06$Tg/oYyZTyAf.Nb3qSgN61OySmyXA8FoY4PjGizjE1QSDfuL5MXNni", wrong: `${"abc123".repeat(12)}qwr` },
  { source: "passlib test_handlers_django.py django_bcrypt_sha256 (>72 chars)", format: "bcrypt_sha256", password: `${"abc123".repeat(12)}qwr`, encoded: "bcrypt_sha256$$2a$06$Tg/oYyZTyAf.Nb3qSgN61Ocy0BEz1RK6xslSNi8PlaLX2pe7x/KQG", wrong: "abc123".repeat(12) },

  // --- Django crypt (traditional DES crypt(3)): only the first 8 bytes of the password count,
  // so vectors of 8 or more characters name a wrong password that differs early.
  { source: "django test_hashers.py test_crypt", format: "crypt", password: "l\u00e8tmei", encoded: "crypt$$ab1Hv2Lg7ltQo" },
  { source: "django 1.4 test_hashers.py test_crypt", format: "crypt", password: "letmein", encoded: "crypt$$abN/qM.L/H8EQ" },
  { source: "passlib test_handlers.py des_crypt (from John the Ripper 1.7.9)", format: "crypt", password: "U*U*U*U*", encoded: "crypt$$CCNf8Sbh3HDfQ", wrong: "U*U***U*" },
  { source: "passlib test_handlers.py des_crypt (from John the Ripper 1.7.9)", format: "crypt", password: "", encoded: "crypt$$SDbsugeBiC58A", wrong: " " },
  { source: "passlib test_handlers.py des_crypt", format: "crypt", password: "Compl3X AlphaNu3meric", encoded: "crypt$$um.Wguz3eVCx2", wrong: "Compl3x AlphaNu3meric" },
  { source: "passlib test_handlers.py des_crypt (utf-8)", format: "crypt", password: "hell\u00d6", encoded: "crypt$$saykDgk3BPZ9E" },
  { source: "glibc 2.36 crypt(3) via perl -e 'print crypt(\"password\", \"ab\")'", format: "crypt", password: "password", encoded: "crypt$$abJnggxhB/yWI", wrong: "passwore" },
  // Django before 1.4 kept a salt field too (crypt$<salt>$<crypt>); only the crypt's own 2 characters count.
  { source: "glibc 2.36 crypt(3) via perl (Django 1.0 layout)", format: "crypt", password: "password", encoded: "crypt$abcde$abJnggxhB/yWI", wrong: "Password" },
  { source: "glibc 2.36 crypt(3) via perl (9th character onwards ignored)", format: "crypt", password: "longer-than-eight", encoded: "crypt$$xyWecnHIhJSLE", wrong: "longer-x" },

  // --- phpass: passlib docs (passlib.hash.phpass) and phpass's own test.php.
  { source: "passlib docs passlib.hash.phpass (example hash)", format: "phpass", password: "password", encoded: "$P$8ohUJ.1sdFw09/bMaAQPTGDNi2BIUt1" },
  { source: "phpass 0.3 test.php", format: "phpass", password: "test12345", encoded: "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0", wrong: "test12346" },
  { source: "phpBB3 uses $H$ for the same algorithm (passlib docs)", format: "phpass", password: "test12345", encoded: "$H$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0", wrong: "test12346" },

  // --- md5-crypt: passlib tests/test_md5_crypt.py known_correct.
  { source: "passlib test_md5_crypt.py", format: "md5_crypt", password: "", encoded: "$1$dOHYPKoP$tnxS1T8Q6VVn3kpV8cN6o.", wrong: " " },
  { source: "passlib test_md5_crypt.py", format: "md5_crypt", password: " ", encoded: "$1$m/5ee7ol$bZn0kIBFipq39e.KDXX8I0" },
  { source: "passlib test_md5_crypt.py", format: "md5_crypt", password: "test", encoded: "$1$ec6XvcoW$ghEtNK2U1MC5l.Dwgi3020" },
  { source: "passlib test_md5_crypt.py", format: "md5_crypt", password: "Compl3X AlphaNu3meric", encoded: "$1$nX1e7EeI$ljQn72ZUgt6Wxd9hfvHdV0" },
  { source: "passlib test_md5_crypt.py", format: "md5_crypt", password: "4lpHa N|_|M3r1K W/ Cur5Es: #$%(*)(*%#", encoded: "$1$jQS7o98J$V6iTcr71CGgwW2laf17pi1" },

  // --- SHA-crypt: Ulrich Drepper's specification (akkadia.org/drepper/SHA-crypt.txt).
  { source: "Drepper SHA-crypt.txt", format: "sha256_crypt", password: "Hello world!", encoded: "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5" },
  { source: "Drepper SHA-crypt.txt (rounds=10000, salt cut to 16)", format: "sha256_crypt", password: "Hello world!", encoded: "$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA" },
  { source: "Drepper SHA-crypt.txt", format: "sha512_crypt", password: "Hello world!", encoded: "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1" },

  // --- ASP.NET Identity: aspnetcore src/Identity/test/.../PasswordHasherTest.cs ("my password").
  { source: "aspnetcore PasswordHasherTest.cs V2_SHA1_1000iter_128salt_256subkey", format: "aspnet_identity", password: "my password", encoded: "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg==" },
  { source: "aspnetcore PasswordHasherTest.cs V3_SHA1_250iter_128salt_128subkey", format: "aspnet_identity", password: "my password", encoded: "AQAAAAAAAAD6AAAAEAhftMyfTJylOlZT+eEotFXd1elee8ih5WsjXaR3PA9M" },
  { source: "aspnetcore PasswordHasherTest.cs V3_SHA512_50iter_128salt_128subkey", format: "aspnet_identity", password: "my password", encoded: "AQAAAAIAAAAyAAAAEOMwvh3+FZxqkdMBz2ekgGhwQ4B6pZWND6zgESBuWiHw" },
  { source: "aspnetcore PasswordHasherTest.cs V3_SHA512_250iter_256salt_512subkey", format: "aspnet_identity", password: "my password", encoded: "AQAAAAIAAAD6AAAAIJbVi5wbMR+htSfFp8fTw8N8GOS/Sje+S/4YZcgBfU7EQuqv4OkVYmc4VJl9AGZzmRTxSkP7LtVi9IWyUxX8IAAfZ8v+ZfhjCcudtC1YERSqE1OEdXLW9VukPuJWBBjLuw==" },
  { source: "aspnetcore PasswordHasherTest.cs V3_SHA256_250000iter_256salt_256subkey", format: "aspnet_identity", password: "my password", encoded: "AQAAAAEAA9CQAAAAIESkQuj2Du8Y+kbc5lcN/W/3NiAZFEm11P27nrSN5/tId+bR1SwV8CO1Jd72r4C08OLvplNlCDc3oQZ8efcW+jQ=" },
];

/** The first published vector of a format (that `where` accepts). */
export function vectorOf(format: string, where: (v: HashVector) => boolean = () => true): HashVector {
  const vector = HASH_VECTORS.find((v) => v.format === format && where(v));
  if (!vector) throw new Error(`no published vector for ${format}`);
  return vector;
}
