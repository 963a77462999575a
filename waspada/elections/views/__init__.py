"""Pilkada pages under /pilkada/: each module declares its own ``urlpatterns``."""
