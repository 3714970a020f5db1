"""Rasa graph components shipped with flurfunk. They run inside Rasa's own Python 3.10 venv, never
in the bot: ``bot/rasa_launcher.py`` puts this directory on Rasa's ``sys.path``, so nlu/config.yml
names them by their top-level module (``flurfunk_rasa.WeightedLogisticRegressionClassifier``).
Nothing in flurfunk imports them; they import nothing from flurfunk and must stay valid Python 3.10."""
