"""Natural-language understanding: intents and entities from text (embedded model or Rasa)."""
