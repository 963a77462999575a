"""Lockout, MFA for privileged roles, CSP and production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str):
    return client.post("/akun/login/", {"login": username, "password": password})


def test_five_failed_logins_lock_the_account_with_a_clear_message(personas):
    client = Client()
    for _ in range(5):
        response = login(client, "operator.kotabandung", "salah-sandi")
        assert response.status_code in (200, 429)
    locked = login(client, "operator.kotabandung", "waspada-demo-2026")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "dikunci" in body
    assert 'data-testid="locked-out"' in body
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_and_a_correct_password_still_works(personas):
    client = Client()
    for _ in range(4):
        login(client, "operator.kabbandung", "salah-sandi")
    response = login(client, "operator.kabbandung", "waspada-demo-2026")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(personas["operator.kabbandung"].pk)


@pytest.mark.parametrize("username", ["admin", "analis.nasional", "verifikator.jabar"])
def test_privileged_roles_must_set_up_totp_before_anything_else(personas, username):
    client = Client()
    assert login(client, username, "waspada-demo-2026").status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/2fa/totp/activate")
    api = client.get("/api/v1/regions/")
    assert api.status_code == 403
    assert api.json()["errors"][0]["code"] == "mfa_required"


def test_an_operator_is_not_asked_for_totp(personas):
    client = Client()
    login(client, "operator.kotabandung", "waspada-demo-2026")
    assert client.get("/").status_code == 200


def test_a_privileged_user_with_totp_must_enter_the_code_to_log_in(personas):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value, yield_hotp_counters_from_time

    user = personas["analis.nasional"]
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client = Client()
    response = login(client, "analis.nasional", "waspada-demo-2026")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/2fa/authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post("/akun/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 200
    code = next(hotp_value(secret, c) for c in yield_hotp_counters_from_time())
    client.post("/akun/2fa/authenticate/", {"code": f"{code:06d}"})
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert client.get("/").status_code == 200
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_the_relaxed_demo_says_so_on_its_login_page(settings, client):
    settings.WASPADA_MFA_ENFORCED = False
    assert 'data-testid="mfa-relaxed"' in client.get("/akun/login/").content.decode()
    settings.WASPADA_MFA_ENFORCED = True
    assert 'data-testid="mfa-relaxed"' not in client.get("/akun/login/").content.decode()


def test_pages_carry_a_csp_without_unsafe_inline(login_as):
    for response in (Client().get("/akun/login/"), login_as("operator.kotabandung").get("/")):
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert "script-src 'self'" in policy
        assert "style-src 'self'" in policy


def test_pages_have_no_inline_scripts_or_style_attributes(login_as):
    import re

    body = login_as("operator.kotabandung").get("/").content.decode()
    for script in re.findall(r"<script([^>]*)>(.*?)</script>", body, flags=re.S):
        assert "src=" in script[0] and not script[1].strip()
    assert " style=" not in body


def test_the_admin_login_form_redirects_to_the_mfa_aware_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/login/")


def production_env(**extra: str) -> dict[str, str]:
    unset = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "WASPADA_PII_KEYS")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings_production"
    env.update(extra)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_refuse_to_start_without_a_real_secret_key():
    result = run_manage("check", env=production_env(ALLOWED_HOSTS="waspada.kemendagri.go.id"))
    assert result.returncode != 0
    assert "SECRET_KEY wajib diisi" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = run_manage("check", env=production_env(SECRET_KEY="k" * 20 + "Z9#x" * 10))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS wajib diisi" in result.stderr


def test_check_deploy_is_clean_under_production_settings():
    env = production_env(
        SECRET_KEY="v8#Jq2!mZr7@pLw4$Xk9^Tn3&Hd6*Bs1(Fg5)Cy0_Ue8+Qa2=Wo7",
        ALLOWED_HOSTS="waspada.example.go.id",
        WASPADA_PII_KEYS="bXktcHJvZHVjdGlvbi1waWkta2V5LWZvci10ZXN0cy0=",  # a valid Fernet key (foreigners)
    )
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
