"""German translations for the onboarding domain (python tools/translate.py onboarding tools/de_onboarding.py)."""

DE = {
    "(will be named shortly)": "(wird in Kürze benannt)",
    "Accompanying onboarding and handover: messages at the right time, the checklist, the Pate/Patin":
        "Begleitung von Einarbeitung und Übergabe: Hinweise zur richtigen Zeit, die Checkliste, die Patin oder der Pate",
    "Checklist progress in your team:": "Stand der Checklisten in Ihrem Team:",
    "Done: {item}": "Erledigt: {item}",
    "Enrolled {user} on the journey {journey} from {date}.":
        "{user} ist ab {date} für die Begleitung „{journey}“ angemeldet.",
    "I found nobody in the department of {name} who could become Pate/Patin. Please name someone and tell the Personalservice.":
        "Ich habe in der Abteilung von {name} niemanden gefunden, der Patin oder Pate werden kann. Bitte benennen Sie jemanden und geben Sie dem Personalservice Bescheid.",
    "Journey {journey} from {date} ({status}), {done} checklist items ticked off":
        "Begleitung „{journey}“ ab {date} ({status}), {done} Punkte der Checkliste abgehakt",
    "Journey, start date, leader, Pate/Patin or successor, ticked checklist items":
        "Art der Begleitung, Startdatum, Führungskraft, Patin/Pate oder Nachfolge, abgehakte Punkte der Checkliste",
    "May I introduce you? {pate} is the Pate/Patin of {name}, who starts on {date}. {pate}, you know the ways around the house; {name}, ask away. How about a coffee in the first week?":
        "Darf ich vorstellen? {pate} begleitet {name} als Patin bzw. Pate; {name} beginnt am {date}. {pate}, Sie kennen die Wege im Haus; {name}, fragen Sie ruhig. Wie wäre es mit einem Kaffee in der ersten Woche?",
    "Not this time": "Diesmal nicht",
    "Thank you! I have introduced you and {name} to each other in a group message.":
        "Vielen Dank! Ich habe Sie und {name} in einer gemeinsamen Nachricht miteinander bekannt gemacht.",
    "That button has expired. Please ask me again.":
        "Diese Schaltfläche ist nicht mehr gültig. Bitte fragen Sie mich noch einmal.",
    "That was already ticked off: {item}.": "Das war schon abgehakt: {item}.",
    "This request is no longer open. Thank you all the same!":
        "Diese Anfrage ist nicht mehr offen. Trotzdem vielen Dank!",
    "Ticked off: {item}.": "Abgehakt: {item}.",
    "Understood, I will ask someone else. Thank you for letting me know.":
        "Verstanden, ich frage jemand anderen. Danke für Ihre Rückmeldung.",
    "Which item have you finished?": "Welchen Punkt haben Sie erledigt?",
    "Yes, gladly": "Ja, gern",
    "You have no onboarding or handover checklist at the moment.":
        "Sie haben zurzeit keine Checkliste für eine Einarbeitung oder Übergabe.",
    "You joined this journey a little later, so here is in one message what you have missed so far:":
        "Sie sind etwas später dazugekommen, deshalb hier in einer Nachricht, was Sie bisher verpasst haben:",
    "You; your leader sees only how many checklist items are done":
        "Sie selbst; Ihre Führungskraft sieht nur, wie viele Punkte der Checkliste erledigt sind",
    "Your checklist is complete. Well done!": "Ihre Checkliste ist vollständig. Gut gemacht!",
    "Your checklist so far:": "Ihre Checkliste bis jetzt:",
    "Your checklist: {progress}.": "Ihre Checkliste: {progress}.",
    "Your onboarding checklist: say \"Dienstausweis abgeholt\" or \"Wie weit bin ich?\"":
        "Ihre Checkliste für die Einarbeitung: sagen Sie „Dienstausweis abgeholt“ oder „Wie weit bin ich?“",
    "active": "läuft",
    "ended": "abgeschlossen",
    "{done} of {total} done": "{done} von {total} erledigt",
    "{name} starts in your department on {date}. Would you like to be their Pate/Patin for the first months? That means a coffee in the first week and being there for the small questions.":
        "{name} beginnt am {date} in Ihrer Abteilung. Möchten Sie für die ersten Monate Patin oder Pate sein? Das heißt: ein Kaffee in der ersten Woche und ein offenes Ohr für die kleinen Fragen.",
    "Onboarding": "Einarbeitung",
    "A warm welcome, {name}! Your first working day was {start_date}. I am flurfunk, the city administration's digital assistant, and I accompany you through the first months. You were entered a little later, so here is in one message what you have missed so far:":
        'Herzlich willkommen, {name}! Ihr erster Arbeitstag war der {start_date}. Ich bin flurfunk, der digitale Assistent der Stadtverwaltung, und begleite Sie durch die ersten Monate. Sie wurden etwas später eingetragen, deshalb hier in einer Nachricht, was Sie bisher verpasst haben:',
    "I don't find „{text}“ in the directory. Please give the full name or the user id (or say „abbrechen“).":
        'Ich finde „{text}“ nicht im Verzeichnis. Bitte nennen Sie den vollständigen Namen oder die Kennung (oder sagen Sie „abbrechen“).',
    'I found nobody in the department of {name} who could become Pate/Patin. Please name someone: tap the button or answer with the number, then give their name.':
        'Ich habe in der Abteilung von {name} niemanden gefunden, der Patin oder Pate werden kann. Bitte benennen Sie jemanden: Tippen Sie auf die Schaltfläche oder antworten Sie mit der Nummer und nennen Sie dann den Namen.',
    'May I introduce you? {pate} is the Pate/Patin of {name}, who started on {date}. {pate}, you know the ways around the house; {name}, ask away. How about a coffee in the next few days?':
        'Darf ich vorstellen? {pate} begleitet {name} als Patin bzw. Pate; {name} hat am {date} begonnen. {pate}, Sie kennen die Wege im Haus; {name}, fragen Sie ruhig. Wie wäre es mit einem Kaffee in den nächsten Tagen?',
    'Name a Pate/Patin':
        'Patin oder Pate benennen',
    'Okay, I have not named anyone.':
        'In Ordnung, ich habe niemanden benannt.',
    'That fits several people: {names}. Please give the user id.':
        'Das passt auf mehrere Personen: {names}. Bitte nennen Sie die Kennung.',
    'That is everything for now; more items follow in the next weeks.':
        'Das ist alles für den Moment; weitere Punkte folgen in den nächsten Wochen.',
    'The first working day of {name} has changed: it is now {new} (before: {old}).':
        'Der erste Arbeitstag von {name} hat sich geändert: neu ist {new} (bisher {old}).',
    'This journey was entered a little later, so here is in one message what has happened so far:':
        'Diese Begleitung wurde etwas später eingetragen, deshalb hier in einer Nachricht, was bisher geschehen ist:',
    'Who should be the Pate/Patin of {name}? Please give the name or the user id (or say „abbrechen“).':
        'Wer soll Patin oder Pate von {name} werden? Bitte nennen Sie den Namen oder die Kennung (oder sagen Sie „abbrechen“).',
    'Your first working day has changed: it is now {new} (before: {old}). My next messages follow the new date.':
        'Ihr erster Arbeitstag hat sich geändert: neu ist {new} (bisher {old}). Meine nächsten Hinweise richten sich nach dem neuen Datum.',
    '{name} started in your department on {date} and has no Pate/Patin yet. Would you like to be their Pate/Patin for the first months? That means a coffee soon and being there for the small questions.':
        '{name} hat am {date} in Ihrer Abteilung begonnen und hat noch keine Patin und keinen Paten. Möchten Sie für die ersten Monate Patin oder Pate sein? Das heißt: bald einen Kaffee zusammen trinken und für die kleinen Fragen da sein.',
    '{name} started in your team on {start_date} and was entered a little later, so here is in one message what you have missed so far:':
        '{name} hat am {start_date} in Ihrem Team begonnen und wurde etwas später eingetragen, deshalb hier in einer Nachricht, was Sie bisher verpasst haben:',
    '{pate} is now the Pate/Patin of {name}. I have introduced them to each other in a group message.':
        '{pate} ist jetzt Patin bzw. Pate von {name}. Ich habe die beiden in einer gemeinsamen Nachricht miteinander bekannt gemacht.',
}
DE.update({  # issue 18: journeys checked by a schema (file, line, field)
    "broken placeholder ({problem}); write {{{{ and }}}} for a literal brace":
        "fehlerhafter Platzhalter ({problem}); für eine geschweifte Klammer {{{{ bzw. }}}} schreiben",
    "expected a mapping with kind, title and steps": "erwartet wird eine Zuordnung mit kind, title und steps",
    "for a {kind} journey use {allowed}": "für eine Begleitung der Art {kind} bitte {allowed} verwenden",
    "journey {name} has no German file {name}.de.yml": "die Begleitung {name} hat keine deutsche Datei {name}.de.yml",
    "name the file <journey>.<locale>.yml": "bitte die Datei <begleitung>.<sprache>.yml nennen",
    "steps, timing, audience or checklist ids differ from the German file (they must match; only texts are translated)":
        "Schritte, Zeitpunkte, Empfänger oder Checklisten-Kennungen weichen von der deutschen Datei ab (sie müssen übereinstimmen; übersetzt werden nur die Texte)",
    "unknown placeholder(s) {names}; allowed: {allowed}": "unbekannte(r) Platzhalter {names}; erlaubt: {allowed}",
    "use lower-case letters, digits, - and _ only": "bitte nur Kleinbuchstaben, Ziffern, - und _ verwenden",
    "write 'day N', 'week N' or 'month N' (N may be negative), not {value}":
        "bitte „day N“, „week N“ oder „month N“ schreiben (N darf negativ sein), nicht {value}",
    "{value} is used twice": "{value} kommt zweimal vor",
})
