"""The configuration file: every key, defaults, OS locations, the installation file's
precedence, and a Dutch message naming the key for every kind of mistake (English too)."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from pzp_desktop import config as config_module
from pzp_desktop.config import (
    DEFAULT_CLIENT_ID,
    DOCUMENTED_KEYS,
    URA,
    AppConfig,
    Authentication,
    Config,
    ConfigError,
    Organisation,
    SmartConfig,
    SourceConfig,
    add_config_argument,
    installation_config_path,
    load_config,
    user_config_path,
)
from pzp_desktop.domain.codes import AGB_Z
from pzp_desktop.domain.messages import Text, render
from pzp_desktop.sources.audit_log import default_audit_path
from pzp_desktop.sources.fetch import Source

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = REPO_ROOT / "resources" / "config" / "pzp-desktop.example.toml"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    directory = tmp_path / "home"
    directory.mkdir()
    return directory


def write(directory: Path, text: str, name: str = "config.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def load(
    user: Path | None,
    home: Path,
    *,
    installation: Path | None = None,
    environ: dict[str, str] | None = None,
) -> Config:
    """Load with a controlled environment: nothing from this machine leaks in."""
    return load_config(
        user,
        installation_path=installation or home / "no-installation.toml",
        environ=environ or {},
        platform="linux",
        home=home,
    )


def error_of(text: str, home: Path) -> ConfigError:
    path = write(home, text)
    with pytest.raises(ConfigError) as caught:
        load(path, home)
    return caught.value


# ------------------------------------------------------------------------------ defaults


def test_defaults_without_any_file(home: Path) -> None:
    config = load(None, home)
    assert config.app == AppConfig(
        language="nl",
        force_view_only=False,
        launching_system_records_pzp=False,
        double_registration_days=30,
        audit_log=default_audit_path(platform="linux", environ={}, home=home),
        draft_retention_days=14,
        organisation=None,
    )
    assert config.app.audit_log == home / ".local" / "state" / "pzp-desktop" / "audit.jsonl"
    assert config.smart == SmartConfig(
        client_id="pzp-desktop", redirect_path="/callback", scopes_extra=()
    )
    assert config.sources == ()
    assert config.files == ()
    assert config.notices == ()
    assert config.view_only is False
    assert config.primary_source is None
    assert config.sources_as() == []


def test_empty_file_means_defaults(home: Path) -> None:
    path = write(home, "# nothing set\n")
    config = load(path, home)
    assert config.app == load(None, home).app
    assert config.files == (path,)


def test_default_client_id_is_the_launch_default() -> None:
    from pzp_desktop.launch.loopback import CALLBACK_PATH
    from pzp_desktop.launch.settings import DEFAULT_CLIENT_ID as LAUNCH_DEFAULT

    assert DEFAULT_CLIENT_ID == LAUNCH_DEFAULT
    assert SmartConfig().redirect_path == CALLBACK_PATH


def test_default_audit_log_follows_the_platform(home: Path) -> None:
    config = load_config(
        installation_path=home / "none.toml",
        environ={"LOCALAPPDATA": r"C:\Users\an\AppData\Local"},
        platform="win32",
        home=home,
    )
    assert str(config.app.audit_log) == str(
        default_audit_path(
            platform="win32", environ={"LOCALAPPDATA": r"C:\Users\an\AppData\Local"}, home=home
        )
    )


# ------------------------------------------------------------------------------ every key

FULL = """
[app]
language = "en"
force_view_only = true
launching_system_records_pzp = true
double_registration_days = 7
audit_log = "~/logs/pzp/audit.jsonl"
draft_retention_days = 30
organisation = { name = "Thuiszorg De Linde", identifier = "agb:01234567" }

[smart]
client_id = "pzp-desktop-linde"
redirect_path = "/pzp/callback"
scopes_extra = ["launch/encounter", "user/Practitioner.rs", "launch/encounter"]

[[sources]]
name = "ECD De Linde"
base_url = "https://ecd.linde.example/fhir/"
primary = true
authentication = "smart"
read_only = false

[[sources]]
name = "Regio"
base_url = "https://regio.example/fhir/r4"
authentication = "bearer-env"
token_env = "PZP_TOKEN_REGIO"
read_only = true

[[sources]]
name = "Lokale testserver"
base_url = "http://127.0.0.1:8080/fhir"
authentication = "none"
"""


def test_every_key_is_read(home: Path) -> None:
    config = load(write(home, FULL), home)
    assert config.app == AppConfig(
        language="en",
        force_view_only=True,
        launching_system_records_pzp=True,
        double_registration_days=7,
        audit_log=home / "logs" / "pzp" / "audit.jsonl",
        draft_retention_days=30,
        organisation=Organisation("Thuiszorg De Linde", "AGB", "01234567"),
    )
    assert config.app.organisation is not None
    assert config.app.organisation.system == AGB_Z
    assert config.smart == SmartConfig(
        client_id="pzp-desktop-linde",
        redirect_path="/pzp/callback",
        scopes_extra=("launch/encounter", "user/Practitioner.rs"),  # duplicates dropped
    )
    assert config.sources == (
        SourceConfig("ECD De Linde", "https://ecd.linde.example/fhir", primary=True),
        SourceConfig(
            "Regio",
            "https://regio.example/fhir/r4",
            authentication=Authentication.BEARER_ENV,
            token_env="PZP_TOKEN_REGIO",
            read_only=True,
        ),
        SourceConfig(
            "Lokale testserver", "http://127.0.0.1:8080/fhir", authentication=Authentication.NONE
        ),
    )
    assert config.primary_source == config.sources[0]
    assert config.source_named("Regio") == config.sources[1]
    assert config.source_named("Onbekend") is None


def test_ura_organisation(home: Path) -> None:
    config = load(
        write(
            home, '[app]\norganisation = { name = "Ziekenhuis", identifier = " URA : 12345678" }'
        ),
        home,
    )
    assert config.app.organisation == Organisation("Ziekenhuis", "URA", "12345678")
    assert config.app.organisation.system == URA


def test_organisation_as_a_table(home: Path) -> None:
    text = '[app.organisation]\nname = "Huisartsenpraktijk"\nidentifier = "AGB:01000001"\n'
    config = load(write(home, text), home)
    assert config.app.organisation == Organisation("Huisartsenpraktijk", "AGB", "01000001")


@pytest.mark.parametrize("language", ["nl", "en", "system"])
def test_languages(home: Path, language: str) -> None:
    assert load(write(home, f'[app]\nlanguage = "{language}"'), home).app.language == language


def test_sources_as_builds_fetch_sources_and_forced_view_only_makes_them_read_only(
    home: Path,
) -> None:
    config = load(write(home, FULL), home)  # FULL forces view-only
    assert config.sources_as() == [
        Source("ECD De Linde", "https://ecd.linde.example/fhir", primary=True, read_only=True),
        Source("Regio", "https://regio.example/fhir/r4", primary=False, read_only=True),
        Source("Lokale testserver", "http://127.0.0.1:8080/fhir", primary=False, read_only=True),
    ]
    writable = load(write(home, FULL.replace("force_view_only = true", "")), home)
    assert [s.read_only for s in writable.sources_as()] == [False, True, False]


def test_sources_as_with_another_factory(home: Path) -> None:
    config = load(write(home, FULL), home)
    built = config.sources_as(lambda **kwargs: sorted(kwargs))
    assert built[0] == ["base_url", "name", "primary", "read_only"]


def test_bearer_token_comes_from_the_named_environment_variable(home: Path) -> None:
    config = load(write(home, FULL), home)
    smart, regio, _ = config.sources
    assert smart.bearer_token({"PZP_TOKEN_REGIO": "abc"}) is None
    assert regio.bearer_token({"PZP_TOKEN_REGIO": " abc \n"}) == "abc"
    with pytest.raises(ConfigError) as caught:
        regio.bearer_token({})
    assert "PZP_TOKEN_REGIO" in caught.value.user_message
    assert "Regio" in caught.value.user_message


def test_audit_log_expands_environment_variables(home: Path) -> None:
    path = write(home, '[app]\naudit_log = "${LOGS}/a.jsonl"')
    config = load(path, home, environ={"LOGS": "/var/log/pzp"})
    assert config.app.audit_log == Path("/var/log/pzp/a.jsonl")
    path = write(home, "[app]\naudit_log = '%LOGS%\\a.jsonl'")
    config = load_config(
        path,
        installation_path=home / "none.toml",
        environ={"LOGS": r"D:\Logs"},
        platform="win32",
        home=home,
    )
    assert str(config.app.audit_log) == r"D:\Logs\a.jsonl"


# ------------------------------------------------------------------------------ locations


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {}, "/home/an/.config/pzp-desktop/config.toml"),
        ("linux", {"XDG_CONFIG_HOME": "/cfg"}, "/cfg/pzp-desktop/config.toml"),
        ("linux", {"XDG_CONFIG_HOME": "relative"}, "/home/an/.config/pzp-desktop/config.toml"),
        ("freebsd14", {}, "/home/an/.config/pzp-desktop/config.toml"),
        ("darwin", {}, "/home/an/Library/Application Support/PZP Desktop/config.toml"),
    ],
)
def test_user_file_location(platform: str, environ: dict[str, str], expected: str) -> None:
    assert str(user_config_path(platform=platform, environ=environ, home="/home/an")) == expected


def test_user_file_location_on_windows() -> None:
    roaming = r"C:\Users\an\AppData\Roaming"
    found = user_config_path(platform="win32", environ={"APPDATA": roaming}, home=r"C:\Users\an")
    assert PureWindowsPath(str(found)) == PureWindowsPath(roaming, "PZP Desktop", "config.toml")
    fallback = user_config_path(platform="win32", environ={}, home=r"C:\Users\an")
    assert PureWindowsPath(str(fallback)) == PureWindowsPath(roaming, "PZP Desktop", "config.toml")


@pytest.mark.parametrize(
    ("platform", "environ", "expected"),
    [
        ("linux", {}, "/etc/pzp-desktop/config.toml"),
        ("darwin", {}, "/Library/Application Support/PZP Desktop/config.toml"),
        ("win32", {"PROGRAMDATA": r"D:\ProgramData"}, r"D:\ProgramData\PZP Desktop\config.toml"),
        ("win32", {}, r"C:\ProgramData\PZP Desktop\config.toml"),
    ],
)
def test_installation_file_location(platform: str, environ: dict[str, str], expected: str) -> None:
    found = installation_config_path(platform=platform, environ=environ)
    if platform == "win32":
        assert PureWindowsPath(str(found)) == PureWindowsPath(expected)
    else:
        assert str(found) == expected


def test_the_process_platform_and_environment_are_used_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("PZP_DESKTOP_CONFIG", raising=False)
    assert user_config_path() == tmp_path / "pzp-desktop" / "config.toml"
    assert installation_config_path() == Path("/etc/pzp-desktop/config.toml")
    (tmp_path / "pzp-desktop").mkdir()
    write(tmp_path / "pzp-desktop", '[app]\nlanguage = "en"')
    config = load_config(installation_path=tmp_path / "none.toml")
    assert config.app.language == "en"
    assert config.files == (tmp_path / "pzp-desktop" / "config.toml",)


def test_environment_variable_names_the_user_file(home: Path) -> None:
    path = write(home, '[app]\nlanguage = "en"', "elsewhere.toml")
    config = load(None, home, environ={"PZP_DESKTOP_CONFIG": str(path)})
    assert config.app.language == "en"
    assert config.files == (path,)


def test_config_argument_wins_over_the_environment_variable(home: Path) -> None:
    by_env = write(home, '[app]\nlanguage = "en"', "env.toml")
    by_arg = write(home, '[app]\nlanguage = "system"', "arg.toml")
    config = load(by_arg, home, environ={"PZP_DESKTOP_CONFIG": str(by_env)})
    assert config.app.language == "system"


def test_empty_environment_variable_is_ignored(home: Path) -> None:
    assert load(None, home, environ={"PZP_DESKTOP_CONFIG": "  "}).files == ()


@pytest.mark.parametrize(
    ("how", "named"), [("argument", "--config"), ("environment", "PZP_DESKTOP_CONFIG")]
)
def test_a_named_file_must_exist(home: Path, how: str, named: str) -> None:
    missing = home / "missing.toml"
    by_argument = how == "argument"
    environ = {} if by_argument else {"PZP_DESKTOP_CONFIG": str(missing)}
    with pytest.raises(ConfigError) as caught:
        load(missing if by_argument else None, home, environ=environ)
    message = caught.value.user_message
    assert str(missing) in message
    assert "bestaat niet" in message
    assert named in message


def test_add_config_argument() -> None:
    parser = argparse.ArgumentParser()
    add_config_argument(parser)
    assert parser.parse_args([]).config is None
    assert parser.parse_args(["--config", "/tmp/x.toml"]).config == "/tmp/x.toml"
    assert "PZP_DESKTOP_CONFIG" in parser.format_help()


# ------------------------------------------------------------------------------ installation


def test_installation_file_forces_view_only_over_the_user_file(home: Path) -> None:
    installation = write(home, "[app]\nforce_view_only = true\n", "installation.toml")
    user = write(home, '[app]\nforce_view_only = false\nlanguage = "en"\n')
    config = load(user, home, installation=installation)
    assert config.app.force_view_only is True
    assert config.view_only is True
    assert config.app.language == "en"  # other keys: the user file wins
    assert config.files == (installation, user)
    assert len(config.notices) == 1
    assert "force_view_only" in config.notices[0]
    assert str(installation) in config.notices[0]


def test_installation_view_only_holds_when_the_user_file_is_silent(home: Path) -> None:
    installation = write(home, "[app]\nforce_view_only = true\n", "installation.toml")
    user = write(home, '[app]\nlanguage = "en"\n')
    config = load(user, home, installation=installation)
    assert config.app.force_view_only is True
    assert config.notices == ()


def test_user_may_switch_view_only_on(home: Path) -> None:
    installation = write(home, "[app]\nforce_view_only = false\n", "installation.toml")
    user = write(home, "[app]\nforce_view_only = true\n")
    assert load(user, home, installation=installation).app.force_view_only is True


def test_installation_view_only_makes_user_sources_read_only(home: Path) -> None:
    installation = write(home, "[app]\nforce_view_only = true\n", "installation.toml")
    user = write(home, '[[sources]]\nname = "Eigen"\nbase_url = "https://eigen.example/fhir"\n')
    config = load(user, home, installation=installation)
    assert [s.read_only for s in config.sources_as()] == [True]


def test_installation_fixes_the_audit_log(home: Path) -> None:
    installation = write(
        home, '[app]\naudit_log = "/var/log/pzp/audit.jsonl"\n', "installation.toml"
    )
    user = write(home, '[app]\naudit_log = "/tmp/elsewhere.jsonl"\n')
    config = load(user, home, installation=installation)
    assert config.app.audit_log == Path("/var/log/pzp/audit.jsonl")
    assert any("audit_log" in notice for notice in config.notices)


def test_user_sources_replace_installation_sources(home: Path) -> None:
    installation = write(
        home,
        '[smart]\nclient_id = "install"\n[[sources]]\nname = "A"\nbase_url = "https://a.example"\n',
        "installation.toml",
    )
    only_installation = load(None, home, installation=installation)
    assert [s.name for s in only_installation.sources] == ["A"]
    user = write(home, '[[sources]]\nname = "B"\nbase_url = "https://b.example"\n')
    config = load(user, home, installation=installation)
    assert [s.name for s in config.sources] == ["B"]
    assert config.smart.client_id == "install"  # not set by the user: the installation's


def test_config_naming_the_installation_file_reads_it_once(home: Path) -> None:
    installation = write(home, "[app]\nforce_view_only = true\n", "installation.toml")
    config = load(installation, home, installation=installation)
    assert config.files == (installation,)
    assert config.app.force_view_only is True


def test_a_bad_installation_file_stops_too(home: Path) -> None:
    installation = write(home, "[app]\nforce_view_only = ja\n", "installation.toml")
    with pytest.raises(ConfigError) as caught:
        load(None, home, installation=installation)
    assert str(installation) in caught.value.user_message


def test_problems_of_both_files_are_reported_at_once(home: Path) -> None:
    installation = write(home, '[app]\nforce_view_only = "yes"\n', "installation.toml")
    user = write(home, "[app]\ndraft_retention_days = 0\nlanguag = 'nl'\n")
    with pytest.raises(ConfigError) as caught:
        load(user, home, installation=installation)
    keys = [problem.key for problem in caught.value.problems]
    assert keys == ["app.force_view_only", "app.languag", "app.draft_retention_days"]
    message = caught.value.user_message
    assert message.index(str(installation)) < message.index(str(user))
    assert caught.value.path == installation


# ------------------------------------------------------------------------------ errors

SOURCE = '[[sources]]\nname = "A"\nbase_url = "https://a.example/fhir"\n'


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ('[app]\nlanguage = "de"', "app.language", '"nl", "en" of "system" zijn, niet \'de\''),
        ('[app]\nforce_view_only = "true"', "app.force_view_only", "true of false"),
        ("[app]\nforce_view_only = 1", "app.force_view_only", "true of false"),
        ("[app]\nlaunching_system_records_pzp = 0", "app.launching_system_records_pzp", "true"),
        ("[app]\ndouble_registration_days = 0", "app.double_registration_days", "1 tot en met"),
        ("[app]\ndouble_registration_days = 30.5", "app.double_registration_days", "geheel"),
        ("[app]\ndouble_registration_days = true", "app.double_registration_days", "geheel"),
        ('[app]\ndraft_retention_days = "14"', "app.draft_retention_days", "geheel aantal"),
        ("[app]\ndraft_retention_days = 99999", "app.draft_retention_days", "3650"),
        ('[app]\naudit_log = "logs/audit.jsonl"', "app.audit_log", "volledig pad"),
        ('[app]\naudit_log = ""', "app.audit_log", "mag niet leeg zijn"),
        ('[app]\naudit_log = "$NOPE/a.jsonl"', "app.audit_log", "NOPE"),
        ("[app]\naudit_log = 5", "app.audit_log", "tekst"),
        ('[app]\norganisation = "Ziekenhuis"', "app.organisation", "moet een tabel zijn"),
        (
            '[app]\norganisation = { name = "Z", identifier = "12345678" }',
            "app.organisation.identifier",
            '"URA:" of "AGB:"',
        ),
        (
            '[app]\norganisation = { name = "Z", identifier = "URA:1234" }',
            "app.organisation.identifier",
            "8 cijfers",
        ),
        (
            '[app]\norganisation = { identifier = "URA:12345678" }',
            "app.organisation.name",
            "ontbreekt",
        ),
        ('[smart]\nclient_id = "my client"', "smart.client_id", "zonder spaties"),
        ('[smart]\nclient_id = ""', "smart.client_id", "mag niet leeg zijn"),
        ('[smart]\nredirect_path = "callback"', "smart.redirect_path", "met / begint"),
        ('[smart]\nredirect_path = "/cb?x=1"', "smart.redirect_path", "zonder ? of #"),
        ('[smart]\nscopes_extra = "launch"', "smart.scopes_extra", "lijst van scopes"),
        ('[smart]\nscopes_extra = ["ok", "two words"]', "smart.scopes_extra[2]", "geen geldige"),
        ("[smart]\nscopes_extra = [1]", "smart.scopes_extra[1]", "geen geldige scope"),
        ('sources = "x"', "sources", "lijst van [[sources]]-blokken"),
        ("app = 1", "app", "moet een tabel [app] zijn"),
        ('[[sources]]\nbase_url = "https://a.example"', "sources[1].name", "ontbreekt"),
        ('[[sources]]\nname = "A"', "sources[1].base_url", "ontbreekt"),
        (
            SOURCE + '[[sources]]\nname = "B"\nbase_url = "ftp://b.example"',
            "sources[2].base_url",
            "geen geldige https-URL ('ftp://b.example')",
        ),
        (
            '[[sources]]\nname = "A"\nbase_url = "http://epd.example/fhir"',
            "sources[1].base_url",
            "http:// mag alleen voor deze computer zelf",
        ),
        (
            '[[sources]]\nname = "A"\nbase_url = "https://u:p@a.example/fhir"',
            "sources[1].base_url",
            "gebruikersnaam of wachtwoord",
        ),
        (
            '[[sources]]\nname = "A"\nbase_url = "https://a.example/fhir?x=1"',
            "sources[1].base_url",
            "'?' of '#'",
        ),
        (
            '[[sources]]\nname = "A"\nbase_url = "https://a.example:99999/fhir"',
            "sources[1].base_url",
            "geen geldige https-URL",
        ),
        ('[[sources]]\nname = "A"\nbase_url = "https://"', "sources[1].base_url", "https-URL"),
        (SOURCE + "primary = 1", "sources[1].primary", "true of false"),
        (SOURCE + "read_only = 'no'", "sources[1].read_only", "true of false"),
        (SOURCE + 'authentication = "oauth"', "sources[1].authentication", '"bearer-env"'),
        (SOURCE + 'authentication = "bearer-env"', "sources[1].token_env", "ontbreekt"),
        (SOURCE + 'token_env = "X"', "sources[1].token_env", 'alleen bij authentication = "'),
        (
            SOURCE + 'authentication = "bearer-env"\ntoken_env = "1-not a name"',
            "sources[1].token_env",
            "naam van een omgevingsvariabele",
        ),
        (
            SOURCE + '[[sources]]\nname = "a"\nbase_url = "https://b.example"',
            "sources[2].name",
            "komt al voor bij sources[1]",
        ),
        (
            SOURCE + '[[sources]]\nname = "B"\nbase_url = "https://a.example/fhir/"',
            "sources[2].base_url",
            "hetzelfde adres als sources[1]",
        ),
        (
            SOURCE.replace("\n", "\nprimary = true\n", 1)
            + '[[sources]]\nname = "B"\nbase_url = "https://b.example"\nprimary = true',
            "sources[2].primary",
            "maar één bron primary = true",
        ),
    ],
)
def test_each_bad_value_is_named_in_dutch(home: Path, text: str, key: str, fragment: str) -> None:
    error = error_of(text, home)
    assert [problem.key for problem in error.problems] == [key], error.user_message
    message = error.user_message
    assert f"Instelling {key}: " in message
    assert fragment in message
    assert message.startswith("Het instellingenbestand van PZP Desktop is niet in orde.")
    assert str(home / "config.toml") in message
    assert "Traceback" not in message


def test_the_briefs_example_message(home: Path) -> None:
    error = error_of('[[sources]]\nname = "EPD"\nbase_url = "ftp://epd.example.nl"\n', home)
    assert "Instelling sources[1].base_url: geen geldige https-URL" in error.user_message


@pytest.mark.parametrize(
    ("text", "key", "hint"),
    [
        ("[app]\nforce_viewonly = true", "app.force_viewonly", "bedoelt u force_view_only?"),
        ("[app]\nlangauge = 'nl'", "app.langauge", "bedoelt u language?"),
        ("[smart]\nclientid = 'x'", "smart.clientid", "bedoelt u client_id?"),
        (SOURCE + "baseurl = 'x'", "sources[1].baseurl", "bedoelt u base_url?"),
        ("[app]\nclient_id = 'x'", "app.client_id", "hoort in [smart]"),
        ("[smart]\nread_only = true", "smart.read_only", "hoort in [[sources]]"),
        ("language = 'en'", "language", "hoort in [app]"),
        ("[smrat]\nclient_id = 'x'", "smrat", "bedoelt u smart?"),
        (
            "[app]\norganisation = { name = 'Z', identifier = 'URA:12345678', ura = '1' }",
            "app.organisation.ura",
            "onbekende instelling",
        ),
        ("[app]\nfoo = 1", "app.foo", "onbekende instelling"),
    ],
)
def test_unknown_keys_are_reported(home: Path, text: str, key: str, hint: str) -> None:
    error = error_of(text, home)
    assert [problem.key for problem in error.problems] == [key]
    assert f"Instelling {key}: onbekende instelling" in error.user_message
    assert hint in error.user_message


@pytest.mark.parametrize("name", ["token", "client_secret", "password", "db_password"])
def test_secrets_are_refused_and_not_echoed(home: Path, name: str) -> None:
    error = error_of(f'{SOURCE}{name} = "s3cr3t-value"\n', home)
    assert [problem.key for problem in error.problems] == [f"sources[1].{name}"]
    assert "geheimen horen niet in het instellingenbestand" in error.user_message
    assert "s3cr3t-value" not in error.user_message


def test_a_token_pasted_into_token_env_is_not_echoed(home: Path) -> None:
    token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    error = error_of(f'{SOURCE}authentication = "bearer-env"\ntoken_env = "{token}"\n', home)
    assert "sources[1].token_env" in error.user_message
    assert token not in error.user_message


def test_all_problems_of_a_file_at_once(home: Path) -> None:
    error = error_of(
        '[app]\nlanguage = "fr"\nforce_view_only = "nee"\n[smart]\nredirect = "/x"\n'
        '[[sources]]\nname = "A"\nbase_url = "http://a.example"\n',
        home,
    )
    assert [p.key for p in error.problems] == [
        "app.language",
        "app.force_view_only",
        "smart.redirect",
        "sources[1].base_url",
    ]
    assert error.user_message.count("\n  - Instelling ") == 4


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("[app]\nlanguage = nl\n", 2, 12, "staat tekst tussen aanhalingstekens?"),
        ("[app]\n\nforce_view_only true\n", 3, 17, "hoort '='"),
        ("[app]\nlanguage = 'nl'\nlanguage = 'en'\n", 3, 16, "komt twee keer voor"),
        ('[app]\naudit_log = "C:\\Logs\\a.jsonl"\n', 2, 18, "enkele aanhalingstekens"),
        ("[app]\n[app]\n", 2, 5, "tabel komt twee keer voor"),
    ],
)
def test_invalid_toml_names_line_and_column(
    home: Path, text: str, line: int, column: int, fragment: str
) -> None:
    error = error_of(text, home)
    (problem,) = error.problems
    assert (problem.line, problem.column) == (line, column)
    assert f"regel {line}, kolom {column}: geen geldige TOML" in error.user_message
    assert fragment in error.user_message


def test_invalid_toml_at_the_end_of_the_file(home: Path) -> None:
    error = error_of('[app]\nlanguage = "nl', home)
    assert "geen geldige TOML" in error.user_message
    assert "aan het eind van het bestand" in error.user_message


def test_not_utf8(home: Path) -> None:
    path = home / "config.toml"
    path.write_bytes('[app]\nlanguage = "nl" # café\n'.encode("latin-1"))
    with pytest.raises(ConfigError) as caught:
        load(path, home)
    assert "geen UTF-8-tekst" in caught.value.user_message


def test_utf8_with_byte_order_mark(home: Path) -> None:
    path = home / "config.toml"
    path.write_bytes('\ufeff[app]\nlanguage = "en"\n'.encode())
    assert load(path, home).app.language == "en"


def test_a_directory_is_not_a_file(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(home, home)
    assert "een map, geen bestand" in caught.value.user_message


def test_audit_log_naming_a_directory(home: Path) -> None:
    error = error_of(f'[app]\naudit_log = "{home}"', home)
    assert "Instelling app.audit_log: is een map" in error.user_message


def test_unreadable_file(home: Path) -> None:
    path = write(home, "[app]\n")
    path.chmod(0)
    try:
        if _can_read(path):
            pytest.skip("running as a user who can read any file (root)")
        with pytest.raises(ConfigError) as caught:
            load(path, home)
        assert "kan niet worden gelezen" in caught.value.user_message
    finally:
        path.chmod(0o600)


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


def test_the_error_is_its_user_message(home: Path) -> None:
    error = error_of('[app]\nlanguage = "de"', home)
    assert str(error) == error.user_message


# ------------------------------------------------------------------------------ in English


def test_the_message_renders_in_english_naming_each_key(home: Path) -> None:
    error = error_of(
        '[app]\nlanguag = "en"\nforce_view_only = 3\n[[sources]]\nname = "EPD"\n'
        'base_url = "ftp://epd.example.nl"\n',
        home,
    )
    message = error.user_message
    assert isinstance(message, Text)
    english = message.render("en")
    assert english.splitlines() == [
        "The PZP Desktop configuration file is not in order.",
        f"{home / 'config.toml'}:",
        "  - Setting app.languag: unknown setting (did you mean language?)",
        "  - Setting app.force_view_only: must be true or false (without quotes), not 3",
        "  - Setting sources[1].base_url: not a valid https URL ('ftp://epd.example.nl'); a "
        "FHIR address starts with https://",
        "Correct the file (every setting is described in pzp-desktop.example.toml) or contact "
        "your application administrator.",
    ]
    # Dutch as before, line for line.
    assert message.splitlines()[2] == (
        "  - Instelling app.languag: onbekende instelling (bedoelt u language?)"
    )
    assert [render(problem.text, "en") for problem in error.problems][1] == (
        "Setting app.force_view_only: must be true or false (without quotes), not 3"
    )


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ('[app]\nlanguage = "de"', 'Setting app.language: must be "nl", "en" or "system"'),
        ("[app]\ndraft_retention_days = 0", "from 1 to 3650, not 0"),
        ("[app]\norganisation = 3", "Setting app.organisation: must be a table: organisation"),
        ("app = []", "Setting app: must be a table [app], not a list"),
        ('[smart]\nscopes_extra = ["a b"]', "Setting smart.scopes_extra[1]: not a valid scope"),
        ('[app]\ntoken = "abc"', "Setting app.token: secrets do not belong"),
        (
            '[[sources]]\nname = "A"\nbase_url = "https://a.example.nl"\n'
            'authentication = "bearer-env"',
            'Setting sources[1].token_env: is missing: authentication = "bearer-env" needs',
        ),
        ("[app]\nlanguage = nl\n", "line 2, column 12: not valid TOML: invalid value"),
        ('[app]\nlanguage = "nl', "not valid TOML: a text is not closed with a quote"),
    ],
)
def test_representative_problems_in_english(home: Path, text: str, english: str) -> None:
    message = error_of(text, home).user_message
    rendered = render(message, "en")
    assert english in rendered
    assert "Instelling" not in rendered
    assert "regel" not in rendered
    assert rendered != str(message)


def test_a_missing_named_file_and_a_missing_token_in_english(home: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(home / "nowhere.toml", home)
    assert "the file does not exist (named by --config)" in render(caught.value.user_message, "en")
    source = SourceConfig(
        name="Regio",
        base_url="https://regio.example.nl/fhir",
        authentication=Authentication.BEARER_ENV,
        token_env="PZP_TOKEN_REGIO",
    )
    with pytest.raises(ConfigError) as missing:
        source.bearer_token({})
    assert "the environment variable PZP_TOKEN_REGIO (token_env of source 'Regio') is not " in (
        render(missing.value.user_message, "en")
    )


def test_notices_render_in_english(home: Path) -> None:
    installation = write(home, "[app]\nforce_view_only = true\n", "installation.toml")
    user = write(home, "[app]\nforce_view_only = false\n")
    [notice] = load(user, home, installation=installation).notices
    assert notice.startswith("force_view_only = false in ")
    assert render(notice, "en").endswith(f"({installation}) prescribes view-only.")


# ------------------------------------------------------------------------------ the example


def test_the_example_file_is_valid_and_documents_every_key(home: Path) -> None:
    config = load(EXAMPLE, home)
    assert config.sources
    assert config.app.organisation is not None
    text = EXAMPLE.read_text(encoding="utf-8")
    for dotted in DOCUMENTED_KEYS:
        key = dotted.rsplit(".", 1)[1]
        assert re.search(rf"^(# )?{key} = ", text, re.MULTILINE), f"{dotted} not documented"
    for key in ("name", "identifier"):
        assert f"{key} = " in text
    assert "Standaard:" in text


def test_documented_keys_cover_the_dataclasses() -> None:
    documented = {key.rsplit(".", 1)[1] for key in DOCUMENTED_KEYS}
    fields = (
        set(AppConfig.__dataclass_fields__)
        | set(SmartConfig.__dataclass_fields__)
        | set(SourceConfig.__dataclass_fields__)
    )
    assert fields == documented


def test_importing_the_module_needs_neither_qt_nor_httpx() -> None:
    code = (
        "import sys, pzp_desktop.config\n"
        "bad = [m for m in ('PySide6', 'httpx') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


def test_module_constants() -> None:
    assert config_module.ENVIRONMENT_VARIABLE == "PZP_DESKTOP_CONFIG"
