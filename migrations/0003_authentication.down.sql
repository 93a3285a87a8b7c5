SET LOCAL ROLE super_admin;
DROP FUNCTION auth.touch_session(), auth.logout(), auth.record_failure(uuid, int, interval),
  auth.login(text, text, text, text, text), auth.totp_match(text, text, bigint), auth.hotp(bytea, bigint),
  auth.base32_decode(text), auth.hash_password(text);
