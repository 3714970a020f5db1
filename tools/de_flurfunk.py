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
