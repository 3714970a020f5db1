"""German translations for the commitments domain (python tools/translate.py commitments ...)."""

DE = {
    "(recurs monthly)": "(monatlich)",
    "Agreement \u201e{title}\u201c, due on {date}": "Vereinbarung \u201e{title}\u201c, fällig am {date}",
    "Agreements you own (title, date, history, your comments) and reminders sent":
        "Vereinbarungen, für die Sie zuständig sind (Titel, Termin, Verlauf, Ihre Kommentare), "
        "und die dazu versandten Erinnerungen",
    "And briefly: what got in the way?": "Und kurz: Was ist dazwischengekommen?",
    "By when can you manage \u201e{title}\u201c? Please give the new date (for example 15.10.) "
    "and, briefly, why.":
        "Bis wann schaffen Sie \u201e{title}\u201c? Nennen Sie bitte den neuen Termin (z. B. 15.10.) "
        "und kurz den Grund.",
    "By when will you do \u201e{title}\u201c? (for example 15.10.)":
        "Bis wann erledigen Sie \u201e{title}\u201c? (z. B. 15.10.)",
    "Comment": "Kommentar",
    "Done": "Erledigt",
    "Done: {done} · open: {open} · overdue: {overdue} · re-agreed: {reagreed}":
        "Erledigt: {done} · offen: {open} · überfällig: {overdue} · neu vereinbart: {reagreed}",
    "Hand over": "Übergeben",
    "Handed over to {name}; I've let them know.":
        "An {name} übergeben; ich habe Bescheid gegeben.",
    "Hello! A short reminder of what you agreed to:":
        "Guten Tag! Eine kurze Erinnerung an Ihre Vereinbarungen:",
    "I can't find that agreement among yours. Say \u201eWas steht bei mir an?\u201c to see your "
    "list.":
        "Diese Vereinbarung finde ich unter Ihren nicht. Mit \u201eWas steht bei mir an?\u201c sehen "
        "Sie Ihre Liste.",
    "I didn't find a date from today on. Please give one such as 15.10. (or say "
    "\u201eabbrechen\u201c).":
        "Ich habe kein Datum ab heute gefunden. Nennen Sie bitte eines wie 15.10. (oder sagen Sie "
        "\u201eabbrechen\u201c).",
    "I didn't find a date. Please give one such as 15.10. (or say \u201eabbrechen\u201c).":
        "Ich habe kein Datum gefunden. Nennen Sie bitte eines wie 15.10. (oder sagen Sie "
        "\u201eabbrechen\u201c).",
    "I don't know anyone else with the user id \u201e{id}\u201c. Please give a user id from the "
    "directory (or say \u201eabbrechen\u201c).":
        "Ich kenne keine andere Person mit der Kennung \u201e{id}\u201c. Nennen Sie bitte eine "
        "Kennung aus dem Verzeichnis (oder sagen Sie \u201eabbrechen\u201c).",
    "I'll note: \u201e{title}\u201c, due on {date}. Is that right?":
        "Ich notiere: \u201e{title}\u201c, fällig am {date}. Stimmt das?",
    "New date": "Neuer Termin",
    "No": "Nein",
    "Noted: \u201e{title}\u201c by {date}. I'll remind you in good time.":
        "Notiert: \u201e{title}\u201c bis {date}. Ich erinnere Sie rechtzeitig.",
    "Notes: {notes}": "Hinweise: {notes}",
    "Nothing is overdue for more than {days} days.":
        "Nichts ist länger als {days} Tage überfällig.",
    "Okay, I haven't noted anything.": "In Ordnung, ich habe nichts notiert.",
    "Other": "Sonstiges",
    "Overdue for more than {days} days (worth raising in the team):":
        "Länger als {days} Tage überfällig (Thema für die nächste Teambesprechung):",
    "Progress: {done} of {total} agreements done ({pct}).":
        "Fortschritt: {done} von {total} Vereinbarungen erledigt ({pct}).",
    "Re-agreed: \u201e{title}\u201c is now due on {new} (before: {old}). The old date and your "
    "reason stay in the history.":
        "Neu vereinbart: \u201e{title}\u201c ist jetzt am {new} fällig (bisher: {old}). Der alte "
        "Termin und Ihr Grund bleiben im Verlauf sichtbar.",
    "Reminding you of what you agreed to in workshops, and the self-check for the follow-up "
    "workshop":
        "Erinnerung an Ihre Vereinbarungen aus Workshops und die Selbstkontrolle für den "
        "Folgeworkshop",
    "Self-check: {workshop}": "Selbstkontrolle: {workshop}",
    "Thank you! This occurrence of \u201e{title}\u201c is noted; the next one is due on {date}.":
        "Danke! Dieser Termin von \u201e{title}\u201c ist vermerkt; der nächste ist am {date} fällig.",
    "Thank you! \u201e{title}\u201c is marked done.":
        "Danke! \u201e{title}\u201c ist als erledigt vermerkt.",
    "Thank you, your comment is noted.": "Danke, Ihr Kommentar ist vermerkt.",
    "The workshop lead (team-level digest) and the follow-up workshop":
        "Die Workshop-Leitung (Wochenübersicht auf Teamebene) und der Folgeworkshop",
    "To whom do you hand over \u201e{title}\u201c? Please give their user id (for example "
    "mueller).":
        "An wen übergeben Sie \u201e{title}\u201c? Nennen Sie bitte die Kennung (z. B. mueller).",
    "Weekly status of the workshop \u201e{workshop}\u201c ({date}):":
        "Wochenstand zum Workshop \u201e{workshop}\u201c ({date}):",
    "What do you take on, and by when? For example: \u201eIch übernehme das Konzept für die "
    "Infoveranstaltung bis 1.9.\u201c":
        "Was übernehmen Sie, und bis wann? Zum Beispiel: \u201eIch übernehme das Konzept für die "
        "Infoveranstaltung bis 1.9.\u201c",
    "When: {due}": "Wann: {due}",
    "Where a date has passed: what got in the way, and what do we agree now?":
        "Wo ein Termin verstrichen ist: Was ist dazwischengekommen, und was vereinbaren wir jetzt?",
    "Who: {owners}": "Wer: {owners}",
    "Workshop agreements: \"Ich übernehme ... bis 1.9.\", \"Was steht bei mir an?\"":
        "Vereinbarungen aus Workshops: \u201eIch übernehme … bis 1.9.\u201c, \u201eWas steht bei "
        "mir an?\u201c",
    "Workshop of {date}; status on {today}.": "Workshop vom {date}; Stand {today}.",
    "Yes, note it": "Ja, notieren",
    "You have no open agreements. Say for example \u201eIch übernehme das Protokoll bis "
    "15.10.\u201c to note one.":
        "Sie haben keine offenen Vereinbarungen. Sagen Sie zum Beispiel \u201eIch übernehme das "
        "Protokoll bis 15.10.\u201c, um eine zu notieren.",
    "Your comment on \u201e{title}\u201c?": "Ihr Kommentar zu \u201e{title}\u201c?",
    "Your open agreements:": "Ihre offenen Vereinbarungen:",
    "comment: {text}": "Kommentar: {text}",
    "date changed in the protocol: {date}": "Termin im Protokoll geändert: {date}",
    "done": "erledigt",
    "done (due {date})": "erledigt (fällig am {date})",
    "handed over to {person}": "übergeben an {person}",
    "monthly": "monatlich",
    "open": "offen",
    "originally {date}": "ursprünglich {date}",
    "overdue": "überfällig",
    "re-agreed": "neu vereinbart",
    "re-agreed: {old} \u2192 {new}": "neu vereinbart: {old} \u2192 {new}",
    "{name} has handed an agreement over to you:":
        "{name} hat Ihnen eine Vereinbarung übergeben:",
    "{n}. {title}: due on {date} ({status})": "{n}. {title}: fällig am {date} ({status})",
    "{title} ({workshop}): due on {date}.": "{title} ({workshop}): fällig am {date}.",
    "{title} ({workshop}): due today ({date}).": "{title} ({workshop}): heute fällig ({date}).",
    "{title} ({workshop}): was due on {date}. What got in the way? Tell me briefly and agree a "
    "new date.":
        "{title} ({workshop}): war am {date} fällig. Was ist dazwischengekommen? Nennen Sie mir "
        "kurz den Grund und vereinbaren Sie einen neuen Termin.",
    "\u201e{title}\u201c is already marked done.": "\u201e{title}\u201c ist bereits erledigt.",
    "• {title}: {n} day overdue": ("• {title}: {n} Tag überfällig", "• {title}: {n} Tage überfällig"),
    "Your agreements": "Ihre Vereinbarungen",
    'Accept':
        'Übernehmen',
    'Decline':
        'Ablehnen',
    'Reminders stopped after {n} unanswered overdue reminder (please follow up):':
        ('Erinnerungen nach {n} unbeantworteten Erinnerung an Überfälliges eingestellt (bitte nachhaken):', 'Erinnerungen nach {n} unbeantworteten Erinnerungen an Überfälliges eingestellt (bitte nachhaken):'),
    "Thank you! „{title}“ is now yours; I'll remind you in good time.":
        'Danke! „{title}“ gehört jetzt Ihnen; ich erinnere Sie rechtzeitig.',
    "Understood: „{title}“ goes back to {name}; I've let them know.":
        'Verstanden: „{title}“ geht zurück an {name}; ich habe Bescheid gegeben.',
    'accepted by {actor}':
        'übernommen von {actor}',
    'declined by {actor}, back with {person}':
        'abgelehnt von {actor}, zurück bei {person}',
    '{name} cannot take over „{title}“; it is back with you.':
        '{name} kann „{title}“ nicht übernehmen; die Vereinbarung liegt wieder bei Ihnen.',
    '{title} ({workshop}): due on {date} – today is the last working day before it.':
        '{title} ({workshop}): fällig am {date} – heute ist der letzte Arbeitstag davor.',
    'Keep {date}':
        '{date} behalten',
    'Take {date}':
        '{date} nehmen',
    'That fits several people: {names}. Please give the user id.':
        'Das passt auf mehrere Personen: {names}. Bitte nennen Sie die Kennung.',
    'hand over':
        'übergeben',
    'new date':
        'neuer Termin',
    '{date} is not a working day (a weekend or public holiday). Keep it anyway, or take the working day before, {before}?':
        '{date} ist kein Arbeitstag (Wochenende oder Feiertag). Trotzdem behalten oder den Arbeitstag davor nehmen, {before}?',
    'Agreements from workshops appear here.': 'Hier erscheinen Ihre Vereinbarungen aus Workshops.',
    "By when can you manage it?": "Bis wann schaffen Sie es?",
    "What got in the way?": "Was ist dazwischengekommen?",
}
