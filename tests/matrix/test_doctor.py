"""``flurfunk doctor`` checks the Matrix login and the encryption store against Synapse."""

from __future__ import annotations

from bot.adapters.matrix.client import Secrets
from bot.adapters.matrix.doctor import check_matrix
from bot.adapters.matrix.service import MatrixService
from bot.config import Settings
from bot.runtime import Runtime
from tests.chat import FixedParser
from tests.matrix.synapse import User


async def test_not_configured_is_fine() -> None:
    check = await check_matrix(Settings(), Secrets("", ""))
    assert check.ok and check.detail == "nicht eingerichtet (matrix.homeserver nicht gesetzt)"


async def test_login_and_store_checked(matrix_bot: tuple[Runtime, MatrixService],
                                       bot_user: User) -> None:
    rt, _ = matrix_bot  # started once: the store has the device keys
    good = await check_matrix(rt.settings, Secrets(bot_user.access_token, ""))
    assert good.ok, good
    assert f"angemeldet als {bot_user.user_id}" in good.detail
    assert "Geräteschlüssel und Sitzungen" in good.detail
    bad = await check_matrix(rt.settings, Secrets("syt_not_a_token", ""))
    assert not bad.ok and "M_UNKNOWN_TOKEN" in bad.detail and "neues Zugangstoken" in bad.fix


async def test_password_login_stores_the_device(matrix_settings: Settings, bot_user: User,
                                                ) -> None:
    """A password login creates a device once and reuses it after a restart (same keys)."""
    devices = []
    for _ in range(2):
        async with Runtime(matrix_settings, parser=FixedParser()) as rt:
            service = MatrixService(rt, {"MATRIX_PASSWORD": bot_user.password})
            try:
                await service.start()
                assert service.client is not None
                devices.append((service.client.device_id, service.client.olm.account.identity_keys))  # type: ignore[union-attr]
            finally:
                await service.stop(grace=0)
    assert devices[0] == devices[1] and devices[0][0] != bot_user.device_id
    check = await check_matrix(matrix_settings, Secrets("", bot_user.password))
    assert check.ok and devices[0][0] in check.detail  # the stored session's device
