"""Production settings refuse to start without a real personal-data key."""

from waspada.accounts.tests.test_security import production_env, run_manage
from waspada.foreigners import crypto

SECRET = "v8#Jq2!mZr7@pLw4$Xk9^Tn3&Hd6*Bs1(Fg5)Cy0_Ue8+Qa2=Wo7"


def test_production_settings_refuse_to_start_without_a_personal_data_key():
    result = run_manage("check", env=production_env(SECRET_KEY=SECRET, ALLOWED_HOSTS="waspada.example.go.id"))
    assert result.returncode != 0
    assert "WASPADA_PII_KEYS kosong" in result.stderr


def test_production_settings_refuse_the_public_development_key():
    env = production_env(
        SECRET_KEY=SECRET, ALLOWED_HOSTS="waspada.example.go.id", WASPADA_PII_KEYS=crypto.INSECURE_DEV_PII_KEY
    )
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "kunci pengembangan" in result.stderr
