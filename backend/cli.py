"""The `cityhall` command: serve, migrate, seed, create-user, rotate-keys, simulate."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import importlib
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from backend.core.settings import Environment, Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")

logger = logging.getLogger("cityhall")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = get_settings()
    except ValueError as exc:
        print(f"cityhall: configuration error: {exc}", file=sys.stderr)
        return 2
    return args.handler(settings, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cityhall", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="command")

    serve = commands.add_parser("serve", help="run the HTTP and Socket.IO server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(handler=_serve)

    migrate = commands.add_parser("migrate", help="upgrade the database schema to head")
    migrate.set_defaults(handler=_migrate)

    seed = commands.add_parser(
        "seed", help="insert or update the spaces and the civil service catalog (idempotent)"
    )
    seed.add_argument(
        "--demo", action="store_true", help="also add demo data to every municipal service"
    )
    seed.add_argument(
        "--backlog",
        type=int,
        default=0,
        metavar="N",
        help="also open N synthetic moderation cases (development only: to try the queue)",
    )
    seed.set_defaults(handler=_seed)

    rotate = commands.add_parser(
        "rotate-keys",
        help="re-seal personal data and document keys with the first key of ENCRYPTION_KEYS",
    )
    rotate.set_defaults(handler=_rotate_keys)

    user = commands.add_parser("create-user", help="create an account, e.g. the first admin")
    user.add_argument("--email", required=True)
    user.add_argument("--display-name", required=True)
    user.add_argument("--role", action="append", default=[], help="staff role; repeatable")
    user.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    user.set_defaults(handler=_create_user)

    # The options module is standard library only; the simulator itself loads on use.
    from backend.simulate.options import add_arguments as simulate_arguments

    simulate = commands.add_parser(
        "simulate", help="run simulated citizens and moderators against a server on this machine"
    )
    simulate_arguments(simulate)
    simulate.set_defaults(handler=_simulate)
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from backend.main import create_app

    if settings.should_auto_migrate:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        _migrate(settings, args)
        # The embedded default is for trying the city out: show it living.
        args.demo = settings.env is Environment.DEVELOPMENT
        _seed(settings, args)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, proxy_headers=True)
    return 0


def _migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from backend.core.migrations import upgrade

    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url)
    return 0


# Each service's demo data, seeded in this order (events need the spaces, and so on).
DEMO_SEEDS = (
    "services.civil.seed",
    "services.proposals.seed",
    "services.counseling.seed",
    "services.library.seed",
    "services.events.seed",
    "services.business.seed",
)


def _seed(settings: Settings, args: argparse.Namespace) -> int:
    from backend.spaces import service as space_service
    from services.civil.catalog import seed_catalog

    backlog = getattr(args, "backlog", 0)
    if backlog and settings.env is not Environment.DEVELOPMENT:
        print("cityhall: --backlog invents cases; development only", file=sys.stderr)
        return 2

    async def run() -> int:
        changed = await _in_unit_of_work(settings, space_service.seed_spaces)
        await _in_unit_of_work(settings, seed_catalog)
        if getattr(args, "demo", False):
            for module in DEMO_SEEDS:
                await _in_unit_of_work(settings, importlib.import_module(module).seed_demo)
                logger.info("seeded demo data: %s", module.split(".")[1])
        if backlog:
            from moderation.backlog import seed_backlog

            await _in_unit_of_work(settings, lambda s: seed_backlog(s, cases=backlog))
            logger.info("seeded a moderation backlog of %d cases", backlog)
        return changed

    logger.info("seeded spaces: %d created or updated", asyncio.run(run()))
    return 0


def _rotate_keys(settings: Settings, _args: argparse.Namespace) -> int:
    """Online key rotation: put the new key first in CITYHALL_ENCRYPTION_KEYS (keeping the old
    ones), restart the servers, run this, then drop the old keys."""
    from backend.core.crypto import FieldCipher
    from backend.privacy.keys import rewrap_keys

    cipher = FieldCipher.from_spec(settings.encryption_keys.get_secret_value())
    resealed = asyncio.run(_in_unit_of_work(settings, lambda s: rewrap_keys(s, cipher)))
    logger.info("re-sealed %d values with the current key", resealed)
    return 0


def _create_user(settings: Settings, args: argparse.Namespace) -> int:
    from backend.accounts.commands import create_user
    from backend.core.errors import AppError

    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else getpass.getpass()
    try:
        user_id = asyncio.run(
            _in_unit_of_work(
                settings,
                lambda session: create_user(
                    session,
                    settings=settings,
                    email=args.email,
                    password=password,
                    display_name=args.display_name,
                    roles=args.role,
                ),
            )
        )
    except (AppError, ValueError) as exc:
        print(f"cityhall: {exc}", file=sys.stderr)
        return 1
    print(user_id)
    return 0


def _simulate(_settings: Settings, args: argparse.Namespace) -> int:
    from backend.simulate import main as simulate

    return simulate(args)


async def _in_unit_of_work(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    from backend.core.db import Database

    db = Database(settings.database_url)
    try:
        async with db.session_scope() as session:
            return await work(session)
    finally:
        await db.dispose()
