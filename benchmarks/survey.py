"""Pulse survey benchmark: a run to 15,000 recipients (participation markers and 15,000 outbox
invitations in one transaction), closing it with 15,000 responses (opening 15,000 sealed records,
the one shuffled write, the markers rewritten, then the key destroyed and the tables vacuumed), and
aggregating 15,000 responses (pure, and with loading them from the database), on SQLite and
PostgreSQL. Run: .venv/bin/python -m benchmarks.survey [POSTGRES_URL]"""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, update

from bot.config import Settings
from bot.runtime import Runtime
from flows.survey import service
from flows.survey.definition import parse_survey
from flows.survey.results import aggregate
from storage.models.core import Person
from storage.models.survey import SurveyParticipation, SurveySealed

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "content" / "surveys" / "mobiles-arbeiten.yml"
PEOPLE = 15_000
DEPARTMENTS = [f"Amt {n}" for n in range(10, 70)]
NOW = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)


def answers(rng: random.Random) -> dict[str, object]:
    return {"technik": rng.randint(1, 5), "erreichbarkeit": rng.randint(1, 5),
            "fuehrung": rng.randint(1, 5), "kuenftig": rng.randint(1, 4),
            "empfehlung": rng.randint(0, 10),
            "anmerkung": "Mehr Notebooks" if rng.random() < 0.1 else None}


async def measure(url: str, keys: Path) -> dict[str, float]:
    async with Runtime(Settings(database_url=url,
                                      features={"survey": {"key_dir": str(keys)}}), nlu=False) as rt:
        store = rt.configs["survey"].keys
        rng = random.Random(11)
        sdef = parse_survey(EXAMPLE)
        figures: dict[str, float] = {}
        async with rt.uow() as uow:
            rows = [{"id": f"p{n:05d}", "name": f"P {n}", "department": rng.choice(DEPARTMENTS),
                     "locale": "de" if n % 10 else "en", "roles": [], "source": "directory",
                     "created_at": NOW} for n in range(PEOPLE)]
            for i in range(0, PEOPLE, 1000):
                await uow.session.execute(insert(Person), rows[i:i + 1000])
            await uow.people.upsert("sarah.miller", NOW, name="Sarah Miller", roles=["hr"])
            survey = await uow.survey.save(sdef.id, sdef.to_dict(), sdef.owner, NOW)
            await uow.commit()
        async with rt.uow() as uow:
            t0 = time.perf_counter()
            run = await service.start_run(uow, rt.translations, store, survey, NOW, NOW)
            await uow.commit()
            figures["enqueue_s"] = time.perf_counter() - t0
            figures["invited"] = run.invited
        async with rt.uow() as uow:  # everyone has finished: 15,000 sealed records wait
            key, size = service.run_key(store, run), service.record_size(sdef)
            ids = [p for (p,) in (await uow.session.execute(
                SurveyParticipation.__table__.select().with_only_columns(
                    SurveyParticipation.person_id).where(
                    SurveyParticipation.run_id == run.id))).all()][:PEOPLE]
            tags = key.tags(run.id, ids)
            sealed = [{"run_id": run.id, "tag": tag, "sealed": key.seal(
                {"a": answers(rng), "s": rng.choice(DEPARTMENTS)},
                f"survey:{run.id}:{tag}".encode(), size)} for tag in tags]
            for i in range(0, len(sealed), 1000):
                await uow.session.execute(insert(SurveySealed), sealed[i:i + 1000])
            done = (update(SurveyParticipation.__table__)
                    .where(SurveyParticipation.run_id == run.id).values(responded=True))
            await uow.session.execute(done)
            await uow.commit()
        async with rt.uow() as uow:
            run = await uow.survey.run(run.id)
            assert run is not None
            t0 = time.perf_counter()
            figures["responses"] = await service.close_run(uow, store, run, sdef, NOW,
                                                           rt.configs["survey"].tz)
            await uow.commit()
            await service.after_close(uow, store, run)
            figures["close_s"] = time.perf_counter() - t0
        loaded, pure = [], []
        for _ in range(7):
            async with rt.uow() as uow:
                run = await uow.survey.run(run.id)
                assert run is not None
                gc.collect()  # not the set-up's garbage
                t0 = time.perf_counter()
                data = await uow.survey.responses(run.id)
                t1 = time.perf_counter()
                aggregate(sdef, data, run.invited, "de")
                t2 = time.perf_counter()
                loaded.append(t2 - t0)
                pure.append(t2 - t1)
        figures["aggregate_s"] = statistics.median(pure)
        figures["load_and_aggregate_s"] = statistics.median(loaded)
    return figures


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        urls = [("SQLite", f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")]
        if len(sys.argv) > 1:
            urls.append(("PostgreSQL", sys.argv[1]))
        for label, url in urls:
            f = await measure(url, Path(tmp) / f"keys-{label}")
            print(f"{label}: enqueue a run to {f['invited']:.0f} recipients {f['enqueue_s']:.2f} s; "
                  f"close with {f['responses']:.0f} responses {f['close_s']:.2f} s; "
                  f"aggregate {f['aggregate_s'] * 1000:.0f} ms "
                  f"(with loading from the database {f['load_and_aggregate_s'] * 1000:.0f} ms)")


if __name__ == "__main__":
    asyncio.run(main())
