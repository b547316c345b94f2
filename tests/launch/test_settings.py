"""Launch settings from the configuration file."""

from __future__ import annotations

from pzp_desktop.config import AppConfig, Config, SmartConfig, SourceConfig
from pzp_desktop.launch.settings import LaunchSettings


def test_from_config() -> None:
    config = Config(
        app=AppConfig(force_view_only=True),
        smart=SmartConfig(
            client_id="pzp-ziekenhuis", redirect_path="/pzp/cb", scopes_extra=("launch/encounter",)
        ),
        sources=(
            SourceConfig(name="regio", base_url="https://regio.example.org/fhir"),
            SourceConfig(name="his", base_url="https://his.example.org/fhir", primary=True),
        ),
    )
    settings = LaunchSettings.from_config(config, callback_timeout=10)
    assert settings.client_id == "pzp-ziekenhuis"
    assert settings.redirect_path == "/pzp/cb"
    assert settings.scopes_extra == ("launch/encounter",)
    assert settings.force_view_only
    assert settings.default_fhir_base == "https://his.example.org/fhir"
    assert settings.callback_timeout == 10


def test_defaults_match_the_configuration_defaults() -> None:
    settings = LaunchSettings.from_config(Config())
    defaults = LaunchSettings()
    assert settings.client_id == defaults.client_id
    assert settings.redirect_path == defaults.redirect_path
    assert settings.default_fhir_base is None
    assert not settings.force_view_only
