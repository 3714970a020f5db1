"""German translations for the lunch domain (python tools/translate.py lunch tools/de_lunch.py)."""

DE = {
    "(can't make it)": "(kann diese Woche nicht)",
    "A day that suits all of you: {day}. Just agree on the time and place here.":
        "Ein Tag, der allen passt: {day}. Uhrzeit und Ort sprechen Sie am besten gleich hier ab.",
    "A question to get started: {question}": "Eine Frage zum Einstieg: {question}",
    "All right, you're out for this week; I've let the others know. Next round you are in again.":
        "In Ordnung, diese Woche setzen Sie aus; ich habe den anderen Bescheid gegeben. In der "
        "nächsten Runde sind Sie wieder dabei.",
    "At which site do you usually work? (for example Rathaus)":
        "An welchem Standort arbeiten Sie meistens? (z. B. Rathaus)",
    "Can't make it? Say \u201ePasst diese Woche nicht\u201c and I'll let the others know.":
        "Klappt es bei Ihnen nicht? Schreiben Sie \u201ePasst diese Woche nicht\u201c, dann gebe "
        "ich den anderen Bescheid.",
    "Doesn't suit me this week": "Passt diese Woche nicht",
    "I've already told your group that this week doesn't suit you.":
        "Ihrer Gruppe habe ich schon Bescheid gegeben, dass es diese Woche nicht passt.",
    "I've also told your group of this week that you can't make it.":
        "Ihrer Gruppe von dieser Woche habe ich auch Bescheid gegeben, dass Sie nicht können.",
    "Just agree on a day, the time and the place here.":
        "Tag, Uhrzeit und Ort sprechen Sie am besten gleich hier ab.",
    "Lunch roulette": "Lunch-Roulette",
    "Lunch roulette {week}: group with {names}": "Lunch-Roulette {week}: Gruppe mit {names}",
    "Lunch roulette {week}: nobody at your site":
        "Lunch-Roulette {week}: niemand an Ihrem Standort",
    "Lunch roulette: \"Ich mache beim Lunch-Roulette mit\", \"Mit wem gehe ich diese Woche "
    "essen?\", \"Passt diese Woche nicht\", \"Bin bis 15.8. im Urlaub\"":
        "Lunch-Roulette: \u201eIch mache beim Lunch-Roulette mit\u201c, \u201eMit wem gehe ich "
        "diese Woche essen?\u201c, \u201ePasst diese Woche nicht\u201c, \u201eBin bis 15.8. im "
        "Urlaub\u201c",
    "Lunch roulette: did your lunch work out this week? (Only counted per round, never per "
    "person.)":
        "Lunch-Roulette: Hat es diese Woche mit dem Mittagessen geklappt? (Das wird nur je Runde "
        "gezählt, nie je Person.)",
    "Lunch roulette: not pairing you with the same colleagues again too soon":
        "Lunch-Roulette: Sie nicht zu bald wieder mit denselben Kolleginnen und Kollegen "
        "zusammenzubringen",
    "Lunch roulette: putting you in a lunch group at your site on days that suit you":
        "Lunch-Roulette: Sie an Ihrem Standort an passenden Tagen einer Mittagsgruppe zuzuordnen",
    "Lunch roulette: this week I found nobody at {site} to have lunch with you, sorry! You stay "
    "on the list and are among the first next round.":
        "Lunch-Roulette: Diese Woche hat sich am Standort {site} leider niemand für ein "
        "gemeinsames Mittagessen gefunden – das tut mir leid! Sie bleiben dabei und sind in der "
        "nächsten Runde wieder eingeplant.",
    "Lunch roulette: this week you are having lunch together!":
        "Lunch-Roulette: Diese Woche gehen Sie gemeinsam Mittag essen!",
    "Lunch roulette: {name} can't make it this week, unfortunately, and sends kind regards. "
    "Enjoy your lunch anyway!":
        "Lunch-Roulette: {name} kann diese Woche leider nicht und lässt herzlich grüßen. Ihnen "
        "trotzdem ein schönes Mittagessen!",
    "Lunch roulette: {name} can't make it this week, unfortunately, and sends kind regards. So "
    "your lunch is off this time; next round you are in again.":
        "Lunch-Roulette: {name} kann diese Woche leider nicht und lässt herzlich grüßen. Ihr "
        "Mittagessen fällt damit diesmal aus; in der nächsten Runde sind Sie wieder dabei.",
    "Lunch roulette: {status}; site {site}; days {days}":
        "Lunch-Roulette: {status}; Standort {site}; Tage {days}",
    "No, not this time": "Nein, diesmal nicht",
    "Nobody; whether lunches worked out is only counted per round":
        "Niemand; ob das Mittagessen geklappt hat, wird nur je Runde gezählt",
    "Nobody; your group sees your name, department and site":
        "Niemand; Ihre Gruppe sieht Ihren Namen, Ihre Dienststelle und Ihren Standort",
    "Noted.": "Notiert.",
    "Paused until {date}. From the round after that you are in again automatically.":
        "Pausiert bis {date}. Ab der Runde danach sind Sie automatisch wieder dabei.",
    "Site: {site}. Days that suit you: {days}.": "Standort: {site}. Passende Tage: {days}.",
    "Suggested day: {day}.": "Vorgeschlagener Tag: {day}.",
    "Taking part or not, site, weekdays that suit you, paused until":
        "Ob Sie teilnehmen, Standort, passende Wochentage, pausiert bis",
    "Tell me the days that suit you (\u201edienstags und donnerstags\u201c, \u201eegal\u201c) or "
    "your site (\u201eMein Standort ist Rathaus\u201c).":
        "Nennen Sie mir die Tage, die Ihnen passen (\u201edienstags und donnerstags\u201c, "
        "\u201eegal\u201c), oder Ihren Standort (\u201eMein Standort ist Rathaus\u201c).",
    "Thank you! It only goes into this round's total.":
        "Danke! Das fließt nur in die Gesamtzahl dieser Runde ein.",
    "Thank you, noted.": "Danke, ist notiert.",
    "That question is not for you, or the round is over.":
        "Diese Frage war nicht an Sie gerichtet, oder die Runde ist vorbei.",
    "This week I found nobody at your site to have lunch with you, sorry. You are in again next "
    "round.":
        "Diese Woche hat sich an Ihrem Standort leider niemand gefunden. In der nächsten Runde "
        "sind Sie wieder dabei.",
    "This week you are having lunch with:": "Diese Woche gehen Sie Mittag essen mit:",
    "To change the days, say for example \u201eIch kann nur dienstags und donnerstags\u201c.":
        "Um die Tage zu ändern, schreiben Sie z. B. \u201eIch kann nur dienstags und "
        "donnerstags\u201c.",
    "Until when should I pause your lunch roulette? Please give the last day, for example 15.8. "
    "(or say \u201eabbrechen\u201c).":
        "Bis wann soll Ihr Lunch-Roulette pausieren? Nennen Sie bitte den letzten Tag, z. B. "
        "15.8. (oder schreiben Sie \u201eabbrechen\u201c).",
    "Welcome to lunch roulette! Groups go out {when}.":
        "Willkommen beim Lunch-Roulette! Die Gruppen werden {when} verschickt.",
    "Which lunch group you were in each round, whether you dropped out of a round and whether you "
    "answered the follow-up (not the answer)":
        "In welcher Mittagsgruppe Sie je Runde waren, ob Sie eine Runde abgesagt haben und ob Sie "
        "die Nachfrage beantwortet haben (nicht die Antwort)",
    "Yes, we met": "Ja, wir waren essen",
    "You are already taking part in lunch roulette.": "Sie sind beim Lunch-Roulette schon dabei.",
    "You are in no lunch group this week. To pause for longer, say for example \u201eBin bis "
    "15.8. im Urlaub\u201c.":
        "Diese Woche sind Sie in keiner Mittagsgruppe. Um länger zu pausieren, schreiben Sie z. B. "
        "\u201eBin bis 15.8. im Urlaub\u201c.",
    "You are not in a group yet. The next groups go out on {date}.":
        "Sie sind noch in keiner Gruppe. Die nächsten Gruppen kommen am {date}.",
    "You are not taking part in lunch roulette at the moment, so there is nothing to pause.":
        "Sie nehmen gerade nicht am Lunch-Roulette teil, es gibt also nichts zu pausieren.",
    "You are not taking part in lunch roulette at the moment. Say \u201eIch mache beim "
    "Lunch-Roulette mit\u201c to join.":
        "Sie nehmen gerade nicht am Lunch-Roulette teil. Mit \u201eIch mache beim Lunch-Roulette "
        "mit\u201c sind Sie dabei.",
    "You are not taking part in lunch roulette. Say \u201eIch mache beim Lunch-Roulette mit\u201c "
    "to join.":
        "Sie nehmen nicht am Lunch-Roulette teil. Mit \u201eIch mache beim Lunch-Roulette mit\u201c "
        "sind Sie dabei.",
    "You are now taking part in lunch roulette.": "Sie sind jetzt beim Lunch-Roulette dabei.",
    "You have already answered for this round, thank you.":
        "Für diese Runde haben Sie schon geantwortet, danke.",
    "You have left lunch roulette; no more groups for you. Your preferences stay in case you come "
    "back (\u201eMeine Daten löschen\u201c removes everything).":
        "Sie haben sich vom Lunch-Roulette abgemeldet; Sie bekommen keine Gruppen mehr. Ihre "
        "Wünsche bleiben gespeichert, falls Sie wiederkommen (\u201eMeine Daten löschen\u201c "
        "entfernt alles).",
    "You said this week doesn't suit you. Your group would have been:":
        "Sie haben für diese Woche abgesagt. Ihre Gruppe wäre gewesen:",
    "Your lunch roulette is paused until {date}.": "Ihr Lunch-Roulette ist bis {date} pausiert.",
    "any day": "jeder Tag",
    "department unknown": "Dienststelle unbekannt",
    "every Monday morning": "jeden Montagvormittag",
    "every {n} weeks on Monday morning": "alle {n} Wochen am Montagvormittag",
    "not known yet": "noch unbekannt",
    "not taking part": "nicht dabei",
    "paused until {date}": "pausiert bis {date}",
    "taking part": "dabei",
    "All right: you are not in the round on {date}, and in again after that. This week's group stays as it is.":
        'In Ordnung: In der Runde am {date} sind Sie nicht dabei, danach wieder. Ihre Gruppe dieser Woche bleibt, wie sie ist.',
    "There is no round next week anyway; this week's group stays as it is.":
        'Nächste Woche gibt es ohnehin keine Runde; Ihre Gruppe dieser Woche bleibt, wie sie ist.',
    'Lunch roulette is not available yet.': 'Das Lunch-Roulette gibt es noch nicht.',
}
