DE = {
    "All right, from now on I'll answer in English.": "Alles klar, ab jetzt antworte ich auf Englisch.",
    "All right, from now on I'll answer in German.": "Alles klar, ab jetzt antworte ich auf Deutsch.",
    "Database is up to date.": "Die Datenbank ist auf dem neuesten Stand.",
    "Did you perhaps mean one of these?": "Meinten Sie vielleicht eine dieser Fragen?",
    "Goodbye, and have a good day!": "Auf Wiedersehen und einen schönen Tag!",
    "Hello {name}!": "Hallo {name}!",
    "Hello!": "Hallo!",
    "Helpful": "Hilfreich",
    "Not helpful": "Nicht hilfreich",
    "I can't tell who you are. Please use a valid user id.":
        "Ich kann Sie leider nicht zuordnen. Bitte verwenden Sie eine gültige Benutzerkennung.",
    "I didn't catch that. Type \"Hilfe\" to see what I can do.":
        "Das habe ich nicht verstanden. Schreiben Sie „Hilfe“, dann zeige ich Ihnen, was ich kann.",
    "I don't know that yet, sorry. For questions about your employment, ask the Personalservice; "
    "for computers and access, the IT-Service desk; everything else is in the intranet. I have "
    "passed your question on to the people who maintain my answers.":
        "Das weiß ich leider noch nicht. Bei Fragen zu Ihrem Arbeitsverhältnis hilft der "
        "Personalservice, bei Technik und Zugängen der IT-Service; alles Weitere finden Sie im "
        "Intranet. Ich habe Ihre Frage an die Redaktion meiner Antworten weitergegeben.",
    "I speak German and English. Say \"English please\" or \"auf Deutsch bitte\".":
        "Ich spreche Deutsch und Englisch. Schreiben Sie „English please“ oder „auf Deutsch bitte“.",
    "I'm flurfunk, the city's assistant. Ask me about mobile work or your first days, or type "
    "\"Hilfe\" to see everything I can do.":
        "Ich bin flurfunk, der digitale Assistent der Stadtverwaltung. Fragen Sie mich zum mobilen "
        "Arbeiten oder zu Ihren ersten Tagen, oder schreiben Sie „Hilfe“, um alles zu sehen, was "
        "ich kann.",
    "{file}: {created} new, {updated} updated, {unchanged} unchanged":
        "{file}: {created} neu, {updated} aktualisiert, {unchanged} unverändert",
    "Imported {n} people ({created} new, {updated} updated).":
        "{n} Personen importiert ({created} neu, {updated} aktualisiert).",
    "Just write as you would to a colleague, for example: \"Wie viel darf ich mobil arbeiten?\"":
        "Schreiben Sie einfach wie an eine Kollegin oder einen Kollegen, zum Beispiel: „Wie viel "
        "darf ich mobil arbeiten?“",
    "Model is up to date.": "Das Sprachmodell ist aktuell.",
    "Model trained.": "Das Sprachmodell wurde trainiert.",
    "No messages.": "Keine Nachrichten.",
    "No unanswered questions so far.": "Bisher keine unbeantworteten Fragen.",
    "Okay, cancelled.": "In Ordnung, abgebrochen.",
    "Questions about mobile work, your first days, IT, training and the staff council":
        "Fragen zum mobilen Arbeiten, zu Ihren ersten Tagen, zur IT, zu Fortbildungen und zum "
        "Personalrat",
    "Sorry, something went wrong on my side. Please try again in a moment; if it keeps "
    "happening, tell the IT-Service.":
        "Entschuldigung, bei mir ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch "
        "einmal; wenn es wieder passiert, melden Sie es bitte dem IT-Service.",
    "Source": "Quelle",
    "Thank you for your feedback!": "Danke für Ihre Rückmeldung!",
    "Thank you. I'll pass it on so that the answer gets better.":
        "Danke. Ich gebe das weiter, damit die Antwort besser wird.",
    "That button has expired. Please ask me again.":
        "Diese Schaltfläche ist nicht mehr gültig. Bitte fragen Sie mich noch einmal.",
    "That is a very long message. Please ask your question in one or two sentences.":
        "Das ist eine sehr lange Nachricht. Bitte stellen Sie Ihre Frage in ein oder zwei Sätzen.",
    "This is what I can do for you:": "Dabei kann ich Ihnen helfen:",
    "You have %(n)d new message:": ("Sie haben %(n)d neue Nachricht:",
                                    "Sie haben %(n)d neue Nachrichten:"),
    "You're welcome! Just ask if anything else comes up.":
        "Gern geschehen! Fragen Sie einfach, wenn noch etwas ist.",
    "flurfunk, the city's assistant. Type \"Hilfe\" for help, Ctrl-D to leave.":
        "flurfunk, der digitale Assistent der Stadt. „Hilfe“ zeigt, was ich kann; Strg-D beendet.",
}
DE.update({
    "\"Meine Daten\": what I keep about you, and erasing it": "„Meine Daten“: was ich über Sie speichere, und das Löschen",
    "%(n)d day": ("%(n)d Tag", "%(n)d Tage"),
    "%(n)d message in your local inbox": ("%(n)d Nachricht in Ihrem lokalen Posteingang", "%(n)d Nachrichten in Ihrem lokalen Posteingang"),
    "Accountability for admin actions (imports, result views, exports)": "Nachvollziehbarkeit von Administrationshandlungen (Importe, Ergebnisansichten, Exporte)",
    "Addressing you, answering in your language, grouping by department and site": "Sie ansprechen, in Ihrer Sprache antworten, nach Dienststelle und Standort gruppieren",
    "Art. 6(1)(c) and (e), Art. 88 GDPR with the state employee data protection law and the service agreement with the staff council (Personalrat)": "Art. 6 Abs. 1 lit. c und e, Art. 88 DSGVO in Verbindung mit dem Landesdatenschutzgesetz für Beschäftigte und der Dienstvereinbarung mit dem Personalrat",
    "Categories": "Datenkategorien",
    "Continuing a conversation (offered choices, the question being answered)": "Ein Gespräch fortsetzen (angebotene Auswahl, die gerade beantwortete Frage)",
    "Controller": "Verantwortliche Stelle",
    "Data": "Daten",
    "Data protection officer": "Datenschutzbeauftragte",
    "Delivering reminders, pairings and surveys exactly once": "Erinnerungen, Lunch-Gruppen und Befragungen genau einmal zustellen",
    "Department": "Dienststelle",
    "Done: your data has been erased.": "Erledigt: Ihre Daten wurden gelöscht.",
    "E-mail": "E-Mail",
    "Improving the answers: questions nobody could answer, counted": "Antworten verbessern: unbeantwortete Fragen, gezählt",
    "Language": "Sprache",
    "Leader": "Führungskraft",
    "Legal basis": "Rechtsgrundlage",
    "Name": "Name",
    "Name, e-mail, department, site, leader, language, start date, messenger id, roles": "Name, E-Mail, Dienststelle, Standort, Führungskraft, Sprache, Eintrittsdatum, Messenger-Kennung, Rollen",
    "No, keep it": "Nein, behalten",
    "Nobody": "Niemand",
    "Nobody; group messages show name, department and site to the group": "Niemand; Gruppennachrichten zeigen der Gruppe Name, Dienststelle und Standort",
    "Not processed": "Nicht verarbeitet",
    "Okay, nothing was deleted.": "In Ordnung, es wurde nichts gelöscht.",
    "Purpose": "Zweck",
    "Question texts with e-mail addresses and numbers removed; no user ids": "Fragetexte ohne E-Mail-Adressen und Nummern; keine Benutzerkennungen",
    "Recipients": "Empfänger",
    "Record of processing activities: flurfunk": "Verzeichnis von Verarbeitungstätigkeiten: flurfunk",
    "Retention": "Speicherdauer",
    "Roles": "Rollen",
    "Shall I erase your data? Lunch history, onboarding data, participation markers and messages are deleted; open commitments go to your leader; anonymous survey answers stay anonymous. This cannot be undone.": "Soll ich Ihre Daten löschen? Lunch-Historie, Onboarding-Daten, Teilnahmevermerke und Nachrichten werden gelöscht; offene Vereinbarungen gehen an Ihre Führungskraft; anonyme Befragungsantworten bleiben anonym. Das lässt sich nicht rückgängig machen.",
    "Site": "Standort",
    "Start date": "Eintrittsdatum",
    "Survey answers are stored without any link to you, so they cannot be shown or deleted per person. Say \"Meine Daten löschen\" to erase your data.": "Befragungsantworten werden ohne jeden Bezug zu Ihnen gespeichert und können daher nicht personenbezogen angezeigt oder gelöscht werden. Mit „Meine Daten löschen“ löschen Sie Ihre Daten.",
    "Texts of proactive messages and whom they went to": "Texte von Nachrichten, die flurfunk von sich aus sendet, und ihre Empfänger",
    "The content owners of the knowledge base": "Die Redaktion der Wissensdatenbank",
    "The data protection officer and the staff council on request": "Die Datenschutzbeauftragte und der Personalrat auf Anfrage",
    "The last choices offered to you and the step of an open dialogue": "Die zuletzt angebotene Auswahl und der Schritt eines offenen Dialogs",
    "The recipients of each message": "Die Empfänger der jeweiligen Nachricht",
    "This is what I keep about you:": "Das speichere ich über Sie:",
    "Who did which admin action when, and on what": "Wer wann welche Administrationshandlung woran vorgenommen hat",
    "Yes, erase my data": "Ja, meine Daten löschen",
    "no behaviour or performance monitoring of individuals; survey answers are anonymous and shown only in groups of at least the anonymity threshold": "keine Verhaltens- oder Leistungskontrolle Einzelner; Befragungsantworten sind anonym und werden nur für Gruppen ab der Anonymitätsschwelle gezeigt",
    "while taking part; erased on request": "während der Teilnahme; Löschung auf Wunsch",
})

# Slack adapter: App Home, the date modal, directory sync
DE.update({
    "flurfunk, your overview": "flurfunk – Ihre Übersicht",
    "Write to me in the Messages tab, or use /flurfunk in any channel.":
        "Schreiben Sie mir im Tab „Nachrichten“ oder nutzen Sie /flurfunk in jedem Kanal.",
    "Lunch roulette": "Lunch-Roulette",
    "Surveys": "Umfragen",
    "Your agreements": "Ihre Vereinbarungen",
    "Save": "Speichern",
    "Cancel": "Abbrechen",
    "Please pick a date.": "Bitte wählen Sie ein Datum.",
    "Please fill this in.": "Bitte füllen Sie dieses Feld aus.",
    "Slack: {seen} accounts read, {created} people new, {updated} updated, {skipped} skipped (bots, deactivated).":
        "Slack: {seen} Konten gelesen, {created} Personen neu, {updated} aktualisiert, {skipped} übersprungen (Bots, deaktiviert).",
    '{pate} is now the Pate/Patin of {name}. I have introduced them to each other in a group message.':
        '{pate} ist jetzt Patin bzw. Pate von {name}. Ich habe die beiden in einer gemeinsamen Nachricht miteinander bekannt gemacht.',
    '--pate: {pate} is not another person in the directory; give a user id from "flurfunk people import".':
        '--pate: {pate} ist keine andere Person im Verzeichnis; geben Sie eine Kennung aus „flurfunk people import“ an.',
    '--user: {user} is not on an active onboarding journey; start one with "flurfunk onboarding start".':
        '--user: {user} hat keine laufende Einarbeitung; starten Sie eine mit „flurfunk onboarding start“.',
    'Not in the directory: {ids}. They get no reminders or digests until they are imported with "flurfunk people import" (or correct the ids in the protocol).':
        'Nicht im Verzeichnis: {ids}. Sie bekommen keine Erinnerungen oder Wochenstände, bis sie mit „flurfunk people import“ übernommen sind (oder korrigieren Sie die Kennungen im Protokoll).',
    '(About „{message}“)':
        '(Zu „{message}“)',
    'That could answer several messages. Which one do you mean?':
        'Das könnte auf mehrere Nachrichten passen. Welche meinen Sie?',
    '--journey: there is no journey „{journey}“ (known: {known}).':
        '--journey: Eine Begleitung „{journey}“ gibt es nicht (vorhanden: {known}).',
    '--start: write the date as YYYY-MM-DD, for example 2027-03-30 (got „{value}“).':
        '--start: Bitte das Datum als JJJJ-MM-TT angeben, zum Beispiel 2027-03-30 (angegeben: „{value}“).',
    '--successor: a person cannot succeed themselves; name someone else.':
        '--successor: Niemand kann die eigene Nachfolge sein; bitte eine andere Person nennen.',
    '--successor: {user} is not in the directory; import them with „flurfunk people import“ first.':
        '--successor: {user} steht nicht im Verzeichnis; bitte zuerst mit „flurfunk people import“ übernehmen.',
    '--user: no journey of {user} that you may see (leads see their own team only).':
        '--user: Keine Begleitung von {user}, die Sie sehen dürfen (Führungskräfte sehen nur ihr eigenes Team).',
    '--user: {user} is already on the journey {journey}; see „flurfunk onboarding status --user {user}“.':
        '--user: {user} ist schon in der Begleitung {journey}; siehe „flurfunk onboarding status --user {user}“.',
    '--user: {user} is not in the directory; import them with „flurfunk people import“ first.':
        '--user: {user} steht nicht im Verzeichnis; bitte zuerst mit „flurfunk people import“ übernehmen.',
    '--workshop: there is no workshop „{name}“ (known: {known}).':
        '--workshop: Einen Workshop „{name}“ gibt es nicht (vorhanden: {known}).',
    'There is no workshop „{name}“ (known: {known}).':
        'Einen Workshop „{name}“ gibt es nicht (vorhanden: {known}).',
})

# Slack adapter: Block Kit limits; the outbox admin commands
DE.update({
    "Choose …": "Bitte wählen …",
    "There is more than fits here. Ask me in the Messages tab for the rest.":
        "Hier passt nicht alles hin. Fragen Sie mich im Tab „Nachrichten“ nach dem Rest.",
    "No failed messages.": "Keine fehlgeschlagenen Nachrichten.",
    "No failed message with id {ids}; see: flurfunk outbox failed":
        "Keine fehlgeschlagene Nachricht mit der Nummer {ids}; siehe: flurfunk outbox failed",
    "{n} failed message (retry after fixing the cause: flurfunk outbox retry ID):": (
        "{n} fehlgeschlagene Nachricht (nach Behebung der Ursache erneut senden: "
        "flurfunk outbox retry NUMMER):",
        "{n} fehlgeschlagene Nachrichten (nach Behebung der Ursache erneut senden: "
        "flurfunk outbox retry NUMMER):"),
    "{n} message queued again; it goes out with the next outbox run.": (
        "{n} Nachricht wieder eingereiht; sie geht mit dem nächsten Versand hinaus.",
        "{n} Nachrichten wieder eingereiht; sie gehen mit dem nächsten Versand hinaus."),
})
DE.update({  # Rasa as a service (issue 20): rasa serve, rasa train, doctor
    "Port {port} on 127.0.0.1 is already in use (another Rasa server?). Stop that process or choose another port with --port.":
        "Port {port} auf 127.0.0.1 ist bereits belegt (ein anderer Rasa-Server?). Beenden Sie diesen Prozess oder wählen Sie mit --port einen anderen Port.",
    "Rasa rejects the bot's token from {source}; it was started with the token from {other}":
        "Rasa lehnt das Token des Bots aus {source} ab; Rasa wurde mit dem Token aus {other} gestartet",
    "Rasa rejects the token from {source} (HTTP 401): it was started with another one":
        "Rasa lehnt das Token aus {source} ab (HTTP 401): Rasa wurde mit einem anderen Token gestartet",
    "Rasa serves {model} on {url} (ready after {seconds} s). SIGTERM or Ctrl-C stops it.":
        "Rasa stellt {model} unter {url} bereit (bereit nach {seconds} s). SIGTERM oder Strg-C beendet Rasa.",
    "Rasa stopped ({signal}).": "Rasa beendet ({signal}).",
    "Rasa {version} is not installed in {venv}. Run flurfunk rasa setup first (it downloads about 2.7 GB).":
        "Rasa {version} ist in {venv} nicht installiert. Führen Sie zuerst flurfunk rasa setup aus (lädt etwa 2,7 GB herunter).",
    "The Rasa server exited before it was ready ({how}). Its log: {log}":
        "Der Rasa-Server hat sich beendet, bevor er bereit war ({how}). Sein Protokoll: {log}",
    "The Rasa server stopped unexpectedly ({how}). flurfunk rasa serve exits with an error so that systemd (Restart=on-failure) or another supervisor starts Rasa again. Its log: {log}":
        "Der Rasa-Server wurde unerwartet beendet ({how}). flurfunk rasa serve endet deshalb mit einem Fehler, damit systemd (Restart=on-failure) oder ein anderer Dienstverwalter Rasa neu startet. Sein Protokoll: {log}",
    "The Rasa server was not ready within {seconds} s. Its log: {log}":
        "Der Rasa-Server war nach {seconds} s noch nicht bereit. Sein Protokoll: {log}",
    "The last lines of {log}:": "Die letzten Zeilen von {log}:",
    "Training the Rasa model failed ({how}). Its log: {log}":
        "Das Training des Rasa-Modells ist fehlgeschlagen ({how}). Sein Protokoll: {log}",
    "Training the Rasa model first (about a minute); log: {log}":
        "Zuerst wird das Rasa-Modell trainiert (etwa eine Minute); Protokoll: {log}",
    "exit code {code}": "Exit-Code {code}",
    "signal {name}": "Signal {name}",
    "give the bot and flurfunk rasa serve the same nlu.rasa_token (or neither), then restart flurfunk rasa serve":
        "geben Sie dem Bot und flurfunk rasa serve dasselbe nlu.rasa_token (oder beiden keines) und starten Sie flurfunk rasa serve neu",
    "nlu.rasa_token (flurfunk.toml or FLURFUNK_NLU__RASA_TOKEN)":
        "nlu.rasa_token (flurfunk.toml oder FLURFUNK_NLU__RASA_TOKEN)",
    "no token yet: nlu.rasa_token is not set and {path} does not exist":
        "noch kein Token: nlu.rasa_token ist nicht gesetzt und {path} gibt es nicht",
    "restart flurfunk rasa serve with the same configuration as the bot":
        "starten Sie flurfunk rasa serve mit derselben Konfiguration wie den Bot neu",
    "run: flurfunk rasa serve": "ausführen: flurfunk rasa serve",
    "see {log}": "siehe {log}",
    "the token file {path}": "der Token-Datei {path}",
    "wait until flurfunk rasa serve reports that Rasa is ready":
        "warten Sie, bis flurfunk rasa serve meldet, dass Rasa bereit ist",
    "{url} answers (token from {source})": "{url} antwortet (Token aus {source})",
    "{url} answers HTTP {status}": "{url} antwortet mit HTTP {status}",
    "{url} not reachable ({error}); the embedded model answers meanwhile":
        "{url} nicht erreichbar ({error}); solange antwortet das eingebettete Modell",
    "{url} runs but has no model loaded yet": "{url} läuft, hat aber noch kein Modell geladen",
})
# Bad input (issue 18): files, settings and command-line values.
DE.update({
    "The database needs an upgrade. Run: flurfunk db upgrade":
        "Die Datenbank braucht ein Upgrade. Bitte ausführen: flurfunk db upgrade",
    "{file}, line {line}": "{file}, Zeile {line}",
    "{file}, field '{field}'": "{file}, Feld „{field}“",
    "{file}, line {line}, field '{field}'": "{file}, Zeile {line}, Feld „{field}“",
    "a character that YAML does not allow (#x{code:04x})":
        "ein Zeichen, das YAML nicht erlaubt (#x{code:04x})",
    "the file contains NUL characters": "die Datei enthält NUL-Zeichen",
    "a key must be a plain word": "ein Schlüssel muss ein einfaches Wort sein",
    "a number": "eine Zahl",
    "a whole number": "eine ganze Zahl",
    "a text (in quotes)": "ein Text (in Anführungszeichen)",
    "true or false": "true oder false",
    "a person cannot lead themselves": "eine Person kann nicht ihre eigene Führungskraft sein",
    "a quote (\") is not closed": "ein Anführungszeichen (\") wird nicht geschlossen",
    "a quote (\") is not closed; the field runs into the next line":
        "ein Anführungszeichen (\") wird nicht geschlossen; das Feld läuft in die nächste Zeile",
    "a value cannot be read": "ein Wert ist nicht lesbar",
    "allowed: {allowed}": "erlaubt: {allowed}",
    "anchors and aliases (& and *) are not allowed; write the values out":
        "Anker und Aliasse (& und *) sind nicht erlaubt; bitte die Werte ausschreiben",
    "at least {min}": "mindestens {min}",
    "at most {max}": "höchstens {max}",
    "at most {max} entries": "höchstens {max} Einträge",
    "cannot read the file ({reason})": "die Datei ist nicht lesbar ({reason})",
    "column {n} has no name": "Spalte {n} hat keinen Namen",
    "configuration file not found; check --config":
        "Konfigurationsdatei nicht gefunden; bitte --config prüfen",
    "contains control characters (such as NUL); remove them":
        "enthält Steuerzeichen (etwa NUL); bitte entfernen",
    "expected a list": "erwartet wird eine Liste",
    "expected a list of people (or a 'people:' list)":
        "erwartet wird eine Liste von Personen (oder eine Liste unter „people:“)",
    "expected a mapping (field: value)": "erwartet werden Felder (feld: wert)",
    "expected a number": "erwartet wird eine Zahl",
    "expected a number, got {value}": "erwartet wird eine Zahl, nicht {value}",
    "expected a table [{key}]": "erwartet wird ein Abschnitt [{key}]",
    "expected a text": "erwartet wird ein Text",
    "expected a whole number": "erwartet wird eine ganze Zahl",
    "expected a whole number, got {value}": "erwartet wird eine ganze Zahl, nicht {value}",
    "expected true or false": "erwartet wird true oder false",
    "expected true or false, got {value}": "erwartet wird true oder false, nicht {value}",
    "expected {kind}, got {value}": "erwartet wird {kind}, nicht {value}",
    "file not found": "Datei nicht gefunden",
    "invalid value": "ungültiger Wert",
    "longer than {max} characters ({n})": "länger als {max} Zeichen ({n})",
    "merge keys (<<) are not allowed": "Merge-Schlüssel (<<) sind nicht erlaubt",
    "missing": "fehlt",
    "must be between {lo} and {hi}, got {value}": "muss zwischen {lo} und {hi} liegen, nicht {value}",
    "nested too deeply": "zu tief verschachtelt",
    "no people in the file": "keine Personen in der Datei",
    "no rows below the header line": "keine Zeilen unter der Kopfzeile",
    "no such date: {value}": "dieses Datum gibt es nicht: {value}",
    "not a cron expression: {value} (five fields: minute hour day month weekday, e.g. "
    "\"0 9 * * mon\")":
        "kein Cron-Ausdruck: {value} (fünf Felder: Minute Stunde Tag Monat Wochentag, z. B. "
        "\"0 9 * * mon\")",
    "not a database address flurfunk can use; write sqlite+aiosqlite:///path/flurfunk.db or "
    "postgresql+asyncpg://user@host/db":
        "keine Datenbankadresse, die flurfunk verwenden kann; bitte "
        "sqlite+aiosqlite:///pfad/flurfunk.db oder postgresql+asyncpg://benutzer@host/db angeben",
    "not a date; write YYYY-MM-DD, e.g. 2026-09-01": "kein Datum; bitte JJJJ-MM-TT, z. B. 2026-09-01",
    "not a person id: {value} (letters, digits and . _ - @ + only, at most 64)":
        "keine Personenkennung: {value} (nur Buchstaben, Ziffern und . _ - @ +, höchstens 64)",
    "not an ISO date/time such as 2026-09-01T09:00: {value}":
        "kein ISO-Zeitpunkt wie 2026-09-01T09:00: {value}",
    "not an e-mail address": "keine E-Mail-Adresse",
    "not valid TOML ({problem})": "kein gültiges TOML ({problem})",
    "not valid YAML ({problem})": "kein gültiges YAML ({problem})",
    "the column {name} appears twice": "die Spalte {name} kommt zweimal vor",
    "the database cannot be reached ({reason}); is the server running and is database_url right?":
        "die Datenbank ist nicht erreichbar ({reason}); läuft der Server und stimmt database_url?",
    "the file contains NUL characters (is it really a CSV file?)":
        "die Datei enthält NUL-Zeichen (ist es wirklich eine CSV-Datei?)",
    "the file is empty; the first line names the columns":
        "die Datei ist leer; die erste Zeile nennt die Spalten",
    "the file is larger than {n} MB": "die Datei ist größer als {n} MB",
    "the key {key} appears twice (first on line {first})":
        "der Schlüssel {key} kommt zweimal vor (zuerst in Zeile {first})",
    "the type {tag} is not allowed; write plain text, numbers or lists":
        "der Typ {tag} ist nicht erlaubt; bitte nur Text, Zahlen oder Listen",
    "this is a folder, not a configuration file": "das ist ein Ordner, keine Konfigurationsdatei",
    "this is a folder, not a file": "das ist ein Ordner, keine Datei",
    "unknown column(s) {names} (known: {known})": "unbekannte Spalte(n) {names} (bekannt: {known})",
    "unknown feature {key} (known: {known})": "unbekannte Funktion {key} (bekannt: {known})",
    "unknown field": "unbekanntes Feld",
    "unknown job {key} (known: {known})": "unbekannter Job {key} (bekannt: {known})",
    "unknown setting {key} (known: {known})": "unbekannte Einstellung {key} (bekannt: {known})",
    "unknown time zone {value} (e.g. Europe/Berlin)": "unbekannte Zeitzone {value} (z. B. Europe/Berlin)",
    "unreadable characters; save the file as UTF-8":
        "nicht lesbare Zeichen; bitte die Datei als UTF-8 speichern",
    "unsupported file type (use .csv, .yml or .yaml)":
        "Dateityp wird nicht unterstützt (bitte .csv, .yml oder .yaml)",
    "use a moment between 2000 and 2099, not {value}":
        "bitte einen Zeitpunkt zwischen 2000 und 2099, nicht {value}",
    "use de or en, not {value}": "bitte de oder en, nicht {value}",
    "use embedded or rasa, not {value}": "bitte embedded oder rasa, nicht {value}",
    "use letters, digits and . _ - @ + only": "bitte nur Buchstaben, Ziffern und . _ - @ +",
    "{action}: say who you are with --as ID (a person with the role {roles})":
        "{action}: bitte mit --as KENNUNG angeben, wer Sie sind (eine Person mit der Rolle {roles})",
    "{action}: {actor} lacks the role {roles}; refused and written to the audit log":
        "{action}: {actor} fehlt die Rolle {roles}; abgelehnt und im Prüfprotokoll vermerkt",
    "{n} fields, but the first line names {m} columns":
        "{n} Felder, aber die erste Zeile nennt {m} Spalten",
    "{value} already on line {first}": "{value} steht schon in Zeile {first}",
    "{value} belongs to {other} in the directory": "{value} gehört im Verzeichnis zu {other}",
    "{value} is already in the directory as {other}": "{value} steht im Verzeichnis schon als {other}",
    "{value} is not in the directory": "{value} steht nicht im Verzeichnis",
    "{value} is neither in this file nor in the directory":
        "{value} steht weder in dieser Datei noch im Verzeichnis",
})
# Matrix adapter (issue 19): choices as a numbered list; matrix_id in the directory import
DE.update({
    "Reply with one of the numbers.": "Antworten Sie mit einer der Zahlen.",
    "Reply with the number or the words of your choice.":
        "Antworten Sie mit der Nummer oder den Worten Ihrer Wahl.",
    "use the form @name:server, e.g. @anna.berger:stadt.example":
        "bitte in der Form @name:server angeben, z. B. @anna.berger:stadt.example",
})
