-- Sign-in: bcrypt passwords, lockout, TOTP (RFC 6238) second factor, opaque session tokens whose
-- sha256 alone is stored.
SET LOCAL ROLE super_admin;

CREATE FUNCTION auth.hash_password(p_password text) RETURNS text
LANGUAGE sql VOLATILE SET search_path = pg_catalog, extensions, pg_temp AS $$
  SELECT extensions.crypt(p_password, extensions.gen_salt('bf', 10))
$$;

-- RFC 4648 base32 (no padding) to bytes.
CREATE FUNCTION auth.base32_decode(p_text text) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  alphabet constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  clean text := upper(replace(rtrim(p_text, '='), ' ', ''));
  buffer bigint := 0;
  bits int := 0;
  result bytea := ''::bytea;
  value int;
BEGIN
  FOR i IN 1 .. length(clean) LOOP
    value := strpos(alphabet, substr(clean, i, 1)) - 1;
    IF value < 0 THEN
      RAISE EXCEPTION 'invalid base32 character';
    END IF;
    buffer := ((buffer << 5) | value) & 65535;
    bits := bits + 5;
    IF bits >= 8 THEN
      bits := bits - 8;
      result := result || set_byte('\x00'::bytea, 0, ((buffer >> bits) & 255)::int);
    END IF;
  END LOOP;
  RETURN result;
END $$;

-- The 6-digit HOTP value (RFC 4226) for a counter; TOTP uses counter = unix time / 30.
CREATE FUNCTION auth.hotp(p_secret bytea, p_counter bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, extensions, pg_temp AS $$
DECLARE
  mac bytea := extensions.hmac(int8send(p_counter), p_secret, 'sha1');
  o int := get_byte(mac, 19) & 15;
  code bigint;
BEGIN
  code := ((get_byte(mac, o) & 127)::bigint << 24) | (get_byte(mac, o + 1)::bigint << 16)
        | (get_byte(mac, o + 2)::bigint << 8) | get_byte(mac, o + 3)::bigint;
  RETURN lpad((code % 1000000)::text, 6, '0');
END $$;

-- The time step that p_code matches (now, or one step either side for clock drift), refusing steps at or
-- before p_last_step (a code is good once); NULL when it matches none.
CREATE FUNCTION auth.totp_match(p_secret_base32 text, p_code text, p_last_step bigint) RETURNS bigint
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  secret bytea := auth.base32_decode(p_secret_base32);
  now_step bigint := floor(extract(epoch FROM clock_timestamp()) / 30)::bigint;
BEGIN
  IF p_code IS NULL OR p_code !~ '^\d{6}$' THEN
    RETURN NULL;
  END IF;
  FOR drift IN -1 .. 1 LOOP
    IF now_step + drift > coalesce(p_last_step, -1) AND auth.hotp(secret, now_step + drift) = p_code THEN
      RETURN now_step + drift;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;

-- Signs in. Returns one row: a session token (shown once, never stored) or an error code and message.
-- Errors are returned rather than raised so that failed attempts are counted (a raise would roll back
-- the counter). Codes: INVALID_INPUT, UNKNOWN_ORGANIZATION, INVALID_CREDENTIALS, ACCOUNT_LOCKED,
-- ACCOUNT_DISABLED, TOTP_REQUIRED, INVALID_TOTP.
CREATE FUNCTION auth.login(org_slug text, email text, password text, totp_code text DEFAULT NULL,
                           device_name text DEFAULT NULL)
RETURNS TABLE (token text, user_id uuid, organization_id uuid, expires_at timestamptz,
               error_code text, error_message text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, auth, extensions, pg_temp AS $$
DECLARE
  max_failures constant int := 5;
  lockout constant interval := interval '15 minutes';
  session_lifetime constant interval := interval '30 days';
  v_org uuid;
  v_user app.users%ROWTYPE;
  v_cred auth.user_credentials%ROWTYPE;
  v_step bigint;
  v_token text;
  v_expires timestamptz;
BEGIN
  IF coalesce(btrim(org_slug), '') = '' OR coalesce(btrim(email), '') = '' OR coalesce(password, '') = ''
     OR length(password) > 1000 OR length(email) > 320 OR length(org_slug) > 100 OR length(device_name) > 200 THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_INPUT',
      'Enter your organization, email and password.';
    RETURN;
  END IF;

  SELECT o.id INTO v_org FROM app.organizations o WHERE o.slug = lower(btrim(org_slug)) AND o.deleted_at IS NULL;
  IF v_org IS NULL THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'UNKNOWN_ORGANIZATION',
      format('There is no organization "%s". Check the organization name with your administrator.', btrim(org_slug));
    RETURN;
  END IF;

  SELECT u.* INTO v_user FROM app.users u
  WHERE u.organization_id = v_org AND lower(u.email) = lower(btrim(login.email)) AND u.deleted_at IS NULL;
  IF v_user.id IS NOT NULL THEN
    SELECT c.* INTO v_cred FROM auth.user_credentials c WHERE c.user_id = v_user.id FOR UPDATE;
  END IF;
  IF v_cred.user_id IS NULL THEN
    PERFORM extensions.crypt(password, extensions.gen_salt('bf', 10));  -- same cost as a real check
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_CREDENTIALS',
      'The email or password is incorrect.';
    RETURN;
  END IF;

  IF v_cred.locked_until > now() THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'ACCOUNT_LOCKED',
      format('This account is locked after too many failed sign-ins. Try again after %s UTC, or ask an administrator to unlock it.',
             to_char(v_cred.locked_until AT TIME ZONE 'UTC', 'HH24:MI'));
    RETURN;
  END IF;

  IF extensions.crypt(password, v_cred.password_hash) <> v_cred.password_hash THEN
    PERFORM auth.record_failure(v_user.id, max_failures, lockout);
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_CREDENTIALS',
      'The email or password is incorrect.';
    RETURN;
  END IF;

  IF v_user.status <> 'ACTIVE' THEN
    RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'ACCOUNT_DISABLED',
      'This account is not active. Ask an administrator of your organization to activate it.';
    RETURN;
  END IF;

  IF v_user.two_factor_enabled THEN
    IF coalesce(btrim(totp_code), '') = '' THEN
      RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'TOTP_REQUIRED',
        'Enter the 6-digit code from your authenticator app.';
      RETURN;
    END IF;
    v_step := auth.totp_match(v_cred.totp_secret, btrim(totp_code), v_cred.totp_last_step);
    IF v_step IS NULL THEN
      PERFORM auth.record_failure(v_user.id, max_failures, lockout);
      RETURN QUERY SELECT NULL::text, NULL::uuid, NULL::uuid, NULL::timestamptz, 'INVALID_TOTP',
        'The authenticator code is wrong or was already used. Wait for a new code and try again.';
      RETURN;
    END IF;
  END IF;

  UPDATE auth.user_credentials c
  SET failed_attempts = 0, locked_until = NULL, totp_last_step = coalesce(v_step, c.totp_last_step)
  WHERE c.user_id = v_user.id;
  UPDATE app.users u SET last_login_at = now() WHERE u.id = v_user.id;

  v_token := encode(extensions.gen_random_bytes(32), 'hex');
  v_expires := now() + session_lifetime;
  INSERT INTO auth.user_sessions (user_id, organization_id, token_hash, device_name, client_addr, application_name, expires_at)
  VALUES (v_user.id, v_org, sha256(convert_to(v_token, 'UTF8')), nullif(btrim(device_name), ''),
          inet_client_addr(), current_setting('application_name', true), v_expires);
  RETURN QUERY SELECT v_token, v_user.id, v_org, v_expires, NULL::text, NULL::text;
END $$;

CREATE FUNCTION auth.record_failure(p_user_id uuid, p_max_failures int, p_lockout interval) RETURNS void
LANGUAGE sql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
  UPDATE auth.user_credentials
  SET failed_attempts = CASE WHEN failed_attempts + 1 >= p_max_failures THEN 0 ELSE failed_attempts + 1 END,
      locked_until = CASE WHEN failed_attempts + 1 >= p_max_failures THEN now() + p_lockout ELSE locked_until END,
      last_failed_at = now()
  WHERE user_id = p_user_id
$$;

-- Ends the current session (the token in app.session_token). True when a session was revoked.
CREATE FUNCTION auth.logout() RETURNS boolean
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
  WITH revoked AS (
    UPDATE auth.user_sessions SET revoked_at = now(), revoked_reason = 'LOGOUT'
    WHERE id = (SELECT session_id FROM app.current_session())
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM revoked)
$$;

-- Marks the current session as seen now; the client calls it when it syncs.
CREATE FUNCTION auth.touch_session() RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, app, auth, pg_temp AS $$
  UPDATE auth.user_sessions SET last_seen_at = now() WHERE id = (SELECT session_id FROM app.current_session())
$$;

GRANT EXECUTE ON FUNCTION auth.login(text, text, text, text, text), auth.logout(), auth.touch_session()
  TO application_user;
