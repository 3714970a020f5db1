"""German translations for the survey domain (python tools/translate.py survey tools/de_survey.py)."""

DE = {
    "Survey \u201e{id}\u201c: the anonymity threshold cannot be lowered from {old} to {new}. The "
    "survey has been sent, and its invitation promised results only from {old} answers. "
    "Thresholds can only be raised; for a lower one, create a new survey with its own id.":
        "Umfrage \u201e{id}\u201c: Die Anonymitätsschwelle kann nicht von {old} auf {new} gesenkt "
        "werden. Die Umfrage wurde bereits verschickt, und ihre Einladung hat Ergebnisse erst ab "
        "{old} Antworten versprochen. Schwellen lassen sich nur erhöhen; für eine niedrigere "
        "Schwelle legen Sie bitte eine neue Umfrage mit eigener ID an.",
    "Survey \u201e{id}\u201c: the free-text threshold cannot be lowered from {old} to {new}. The "
    "survey has been sent with the promise to show comments only from {old} answers. "
    "Thresholds can only be raised; for a lower one, create a new survey with its own id.":
        "Umfrage \u201e{id}\u201c: Die Freitext-Schwelle kann nicht von {old} auf {new} gesenkt "
        "werden. Die Umfrage wurde bereits verschickt, mit dem Versprechen, Kommentare erst ab "
        "{old} Antworten zu zeigen. Schwellen lassen sich nur erhöhen; für eine niedrigere "
        "Schwelle legen Sie bitte eine neue Umfrage mit eigener ID an.",
    "%(n)d question, about two minutes.": ("%(n)d Frage, etwa zwei Minuten.",
                                           "%(n)d Fragen, etwa zwei Minuten."),
    "(before: {value})": "(zuvor: {value})",
    "0 = not at all likely, 10 = extremely likely":
        "0 = überhaupt nicht wahrscheinlich, 10 = äußerst wahrscheinlich",
    "I can't find that survey among the ones sent to you.":
        "Diese Umfrage finde ich nicht unter denen, die an Sie gingen.",
    "I didn't understand that as an answer. Please pick one of the options (a number is fine), "
    "or say \u201espäter\u201c.":
        "Das habe ich nicht als Antwort verstanden. Bitte wählen Sie eine der Möglichkeiten (die "
        "Zahl genügt) oder sagen Sie \u201espäter\u201c.",
    "Later": "Später",
    "No": "Nein",
    "No survey is waiting for you at the moment.": "Im Moment wartet keine Umfrage auf Sie.",
    "Nobody; survey owners see only anonymous results from a minimum number of answers":
        "Niemand; wer eine Umfrage verantwortet, sieht nur anonyme Ergebnisse ab einer "
        "Mindestzahl von Antworten",
    "Okay, I'll ask you again on {date}. Your answers so far are kept; you can also write "
    "\u201eUmfrage\u201c at any time.":
        "In Ordnung, ich frage Sie am {date} noch einmal. Ihre bisherigen Antworten bleiben "
        "erhalten; Sie können auch jederzeit \u201eUmfrage\u201c schreiben.",
    "Okay. The survey stays open until {date}; write \u201eUmfrage\u201c whenever you like.":
        "In Ordnung. Die Umfrage läuft bis {date}; schreiben Sie \u201eUmfrage\u201c, wann immer "
        "es Ihnen passt.",
    "Open surveys for you:": "Offene Umfragen für Sie:",
    "Question {n} of {total}: {text}": "Frage {n} von {total}: {text}",
    "Reminder: the survey \u201e{title}\u201c is still open until {date}.":
        "Erinnerung: Die Umfrage \u201e{title}\u201c läuft noch bis {date}.",
    "Reminding only those who have not yet answered a survey, and letting you continue where you "
    "left off":
        "Nur an diejenigen erinnern, die eine Umfrage noch nicht beantwortet haben, und Ihnen das "
        "Fortsetzen ermöglichen",
    "Skip": "Überspringen",
    "Staff surveys: \"Umfrage\" to take part, \"Welche Umfragen laufen?\", \"Ist die Umfrage "
    "anonym?\"":
        "Mitarbeiterbefragungen: \"Umfrage\" zum Mitmachen, \"Welche Umfragen laufen?\", \"Ist "
        "die Umfrage anonym?\"",
    "Survey \u201e{title}\u201c has closed. Results are withheld: {n} people answered, fewer than "
    "the anonymity threshold of {k}.":
        "Die Umfrage \u201e{title}\u201c ist beendet. Die Ergebnisse werden zurückgehalten: {n} "
        "Personen haben geantwortet, weniger als die Anonymitätsschwelle von {k}.",
    "Survey \u201e{title}\u201c has closed: {n} of {invited} people answered ({rate} %).":
        "Die Umfrage \u201e{title}\u201c ist beendet: {n} von {invited} Personen haben "
        "geantwortet ({rate} %).",
    "Survey \u201e{title}\u201c of {date}: answered":
        "Umfrage \u201e{title}\u201c vom {date}: beantwortet",
    "Survey \u201e{title}\u201c of {date}: not answered":
        "Umfrage \u201e{title}\u201c vom {date}: nicht beantwortet",
    "Survey: \u201e{title}\u201c": "Umfrage: \u201e{title}\u201c",
    "Surveys": "Umfragen",
    "\u201e{title}\u201c, open until {date}": "\u201e{title}\u201c, offen bis {date}",
    "Surveys are anonymous: while a survey runs, your answers are stored only encrypted, with a "
    "key that is not kept in the database and is destroyed when the survey closes. Then all "
    "answers are written at once, shuffled, without your name or user id and with no link to the "
    "list of who was asked (that list exists only to remind people who have not answered), and "
    "carry only that day's date. Results are shown only from a minimum number of answers (at "
    "least 5 unless the survey says more), groups such as departments only when both the group "
    "and everyone else are large enough, and comments only from a higher number and never by "
    "group. The Personalrat can read the details in docs/anonymity.md.":
        "Umfragen sind anonym: Solange eine Umfrage läuft, werden Ihre Antworten nur "
        "verschlüsselt gespeichert, mit einem Schlüssel, der nicht in der Datenbank liegt und "
        "beim Ende der Umfrage vernichtet wird. Dann werden alle Antworten auf einmal und in "
        "zufälliger Reihenfolge geschrieben, ohne Namen und ohne Kennung und ohne Verbindung zur "
        "Liste der Befragten (die gibt es nur, um an die zu erinnern, die noch nicht geantwortet "
        "haben), und tragen nur das Datum dieses Tages. Ergebnisse gibt es erst ab einer "
        "Mindestzahl von Antworten (mindestens 5, wenn die Umfrage nicht mehr verlangt), Gruppen "
        "wie Ämter nur, wenn die Gruppe und alle übrigen groß genug sind, und Freitext erst ab "
        "einer höheren Zahl und nie nach Gruppen. Die Einzelheiten kann der Personalrat in "
        "docs/anonymity.md nachlesen.",
    "Take part now": "Jetzt teilnehmen",
    "Thank you! Your answers are stored without your name. Results follow after the survey "
    "closes on {date}, and only if at least {k} people took part.":
        "Vielen Dank! Ihre Antworten werden ohne Ihren Namen gespeichert. Ergebnisse gibt es nach "
        "dem Ende der Umfrage am {date} und nur, wenn mindestens {k} Personen teilgenommen haben.",
    "That answer button is no longer valid. Write \u201eUmfrage\u201c to continue the survey.":
        "Diese Antwort-Schaltfläche gilt nicht mehr. Schreiben Sie \u201eUmfrage\u201c, um mit "
        "der Umfrage weiterzumachen.",
    "This survey has closed. Thank you for your interest!":
        "Diese Umfrage ist bereits beendet. Danke für Ihr Interesse!",
    "Which surveys you were asked in and whether you have answered; until the survey closes "
    "your answers so far, encrypted":
        "In welchen Umfragen Sie befragt wurden und ob Sie geantwortet haben; bis zum Ende der "
        "Umfrage Ihre bisherigen Antworten, verschlüsselt",
    "Write your answer in your own words, or skip.":
        "Antworten Sie in eigenen Worten oder überspringen Sie die Frage.",
    "Write \u201eUmfrage\u201c to take part.": "Schreiben Sie \u201eUmfrage\u201c, um mitzumachen.",
    "Yes": "Ja",
    "You have already answered this survey. Thank you!":
        "Sie haben diese Umfrage bereits beantwortet. Vielen Dank!",
    "Your answers are stored without your name; results are shown only from {k} answers on. "
    "Answer until {date}. Or write \u201eUmfrage\u201c.":
        "Ihre Antworten werden ohne Ihren Namen gespeichert; Ergebnisse gibt es erst ab {k} "
        "Antworten. Antworten Sie bis {date}. Oder schreiben Sie \u201eUmfrage\u201c.",
    "\u2022 {text}: eNPS {value} (n = {n})": "\u2022 {text}: eNPS {value} (n = {n})",
    "\u2022 {text}: mean {value} (n = {n})": "\u2022 {text}: Mittelwert {value} (n = {n})",
    "\u2022 {text}: most often \u201e{label}\u201c (n = {n})":
        "\u2022 {text}: am häufigsten \u201e{label}\u201c (n = {n})",
    "\u2022 {text}: withheld (too few answers)":
        "\u2022 {text}: zurückgehalten (zu wenige Antworten)",
    "\u2022 {text}: {n} comments": "\u2022 {text}: {n} Kommentare",
    "\u2022 {text}: {value} % yes (n = {n})": "\u2022 {text}: {value} % ja (n = {n})",
    "\u2022 \u201e{title}\u201c, open until {date}": "\u2022 \u201e{title}\u201c, offen bis {date}",
    'There are no surveys for you yet.': 'Für Sie gibt es noch keine Umfragen.',
}
