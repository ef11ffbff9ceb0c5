"""`whatsworking web-link`: a single-use link that opens the web dashboard in a browser."""

from __future__ import annotations

from bot.cli.common import CreatorOption, DbOption, JsonOption, console, open_app, print_json
from bot.web.links import link_for
from storage.creators import resolve_creator
from storage.web_sessions import issue_sign_in


def web_link(creator: CreatorOption = None, db: DbOption = None, json_: JsonOption = False) -> None:
    """Print a sign-in link to the web dashboard (works once, for 10 minutes)."""
    with open_app(db) as wired, wired.db.unit_of_work() as session:
        owner = resolve_creator(session, creator)
        link = link_for(issue_sign_in(session, owner.id, now=wired.clock.now()), wired.settings)
        public = wired.settings.public_url is not None
    if json_:
        print_json({"url": link.url, "expires_at": link.expires_at})
        return
    console.print(f"Open your dashboard (works once, until {link.expires_at:%H:%M} UTC):")
    console.print(link.url, soft_wrap=True, highlight=False)
    if not public:
        console.print(
            "[dim]Served by `whatsworking api` on this machine; set WHATSWORKING_PUBLIC_URL "
            "to the address a proxy serves it at.[/dim]"
        )
