"""The preset evaluators as type checkers see them on ``scorable.skills.Evaluators``.

Written by scripts/generate_presets_stub.py from root/presets.json; do not edit.
"""

from enum import Enum
from typing import Literal

from scorable.skills import PresetEvaluatorRunner

class PresetAttributes:
    """The preset evaluators: one runner attribute each, ``Eval`` and ``EvaluatorName``."""

    class Eval(Enum):
        """Every preset evaluator of the scorable API, with its id as the value."""

        Faithfulness = "901794f9-634c-4852-9e41-7c558f1ff1ab"
        Relevance = "bd789257-f458-4e9e-8ce9-fa6e86dc3fb9"
        Clarity = "9976d9f3-7265-4732-b518-d61c2642b14e"
        Non_toxicity = "e296e374-7539-4eb2-a74a-47847dd26fb8"
        Helpfulness = "88bc92d5-bebf-45e4-9cd1-dfa33309c320"
        Politeness = "2856903a-e48c-4548-b3fe-520fd88c4f25"
        Formality = "8ab6cf1a-42b5-4a23-a15c-21372816483d"
        Harmlessness = "379fee0a-4fd1-4942-833b-7d78d78b334d"
        Confidentiality = "2eaa0a02-47a9-48f7-9b47-66ad257f93eb"
        Persuasiveness = "85bb6a74-f5dd-4130-8dcc-cffdf72327cc"
        Sentiment_recognition = "e3782c1e-eaf4-4b2d-8d26-53db2160f1fd"
        Safety_for_Children = "39a8b5ba-de77-4726-a6b0-621d40b3cdf5"
        Precision = "767bdd49-5f8c-48ca-8324-dfd6be7f8a79"
        Originality = "e72cb54f-548a-44f9-a6ca-4e14e5ade7f7"
        Engagingness = "64729487-d4a8-42d8-bd9e-72fd8390c134"
        Conciseness = "be828d33-158a-4e92-a2eb-f4d96c13f956"
        Coherence = "e599886c-c338-458f-91b3-5d7eba452618"
        Quality_of_Writing_Professional = "059affa9-2d1c-48de-8e97-f81dd3fc3cbe"
        Quality_of_Writing_Creative = "060abfb6-57c9-43b5-9a6d-8a1a9bb853b8"
        Truthfulness = "053df10f-b0c7-400b-892e-46ce3aa1e430"
        Compliance_Preview = "4613f248-b60e-403a-bcdc-157d1c44194a"
        Faithfulness_Swift = "a3a5e97b-7fcb-441e-92f2-6e59aa473b89"
        Truthfulness_Swift = "c8c65e61-2dc8-4f29-865a-a5e59127d208"
        Completeness = "f0832c32-6beb-4383-a1ea-cdeb883d9044"
        Reading_Ease = "119d9587-9b33-4d43-a6b6-ba116dfee31b"
        Answer_Willingness = "c81034ae-9439-4c93-bab3-d159eaf072bf"
        Information_Density = "789a3dd8-7794-4f01-b229-3a99088c82fc"
        Planning_Efficiency = "ed3e16c2-2d4e-4ec2-b4af-b4b54a24009d"
        Faithfulness_to_Citations = "2569dddd-9b2c-4811-b35a-06fcfdc62d7a"
        Translation_Quality = "44e6722e-43e0-4791-a84f-0e1480adccd6"
        Context_Completeness = "7c8f9e3a-1b2d-4c5e-9f8a-6d7c4b3e2a1f"
        Summarization_Quality = "e7548186-af7c-49ef-be24-eda7c47adb6d"
        Tool_Selection = "dd120733-d107-4e77-a78b-5f04ade1a969"
        Knowledge_Retention = "193d0c31-6953-4f4d-840a-d42bdb23e5a7"

    EvaluatorName = Literal[
        "Faithfulness",
        "Relevance",
        "Clarity",
        "Non_toxicity",
        "Helpfulness",
        "Politeness",
        "Formality",
        "Harmlessness",
        "Confidentiality",
        "Persuasiveness",
        "Sentiment_recognition",
        "Safety_for_Children",
        "Precision",
        "Originality",
        "Engagingness",
        "Conciseness",
        "Coherence",
        "Quality_of_Writing_Professional",
        "Quality_of_Writing_Creative",
        "Truthfulness",
        "Compliance_Preview",
        "Faithfulness_Swift",
        "Truthfulness_Swift",
        "Completeness",
        "Reading_Ease",
        "Answer_Willingness",
        "Information_Density",
        "Planning_Efficiency",
        "Faithfulness_to_Citations",
        "Translation_Quality",
        "Context_Completeness",
        "Summarization_Quality",
        "Tool_Selection",
        "Knowledge_Retention",
    ]

    Faithfulness: PresetEvaluatorRunner
    Relevance: PresetEvaluatorRunner
    Clarity: PresetEvaluatorRunner
    Non_toxicity: PresetEvaluatorRunner
    Helpfulness: PresetEvaluatorRunner
    Politeness: PresetEvaluatorRunner
    Formality: PresetEvaluatorRunner
    Harmlessness: PresetEvaluatorRunner
    Confidentiality: PresetEvaluatorRunner
    Persuasiveness: PresetEvaluatorRunner
    Sentiment_recognition: PresetEvaluatorRunner
    Safety_for_Children: PresetEvaluatorRunner
    Precision: PresetEvaluatorRunner
    Originality: PresetEvaluatorRunner
    Engagingness: PresetEvaluatorRunner
    Conciseness: PresetEvaluatorRunner
    Coherence: PresetEvaluatorRunner
    Quality_of_Writing_Professional: PresetEvaluatorRunner
    Quality_of_Writing_Creative: PresetEvaluatorRunner
    Truthfulness: PresetEvaluatorRunner
    Compliance_Preview: PresetEvaluatorRunner
    Faithfulness_Swift: PresetEvaluatorRunner
    Truthfulness_Swift: PresetEvaluatorRunner
    Completeness: PresetEvaluatorRunner
    Reading_Ease: PresetEvaluatorRunner
    Answer_Willingness: PresetEvaluatorRunner
    Information_Density: PresetEvaluatorRunner
    Planning_Efficiency: PresetEvaluatorRunner
    Faithfulness_to_Citations: PresetEvaluatorRunner
    Translation_Quality: PresetEvaluatorRunner
    Context_Completeness: PresetEvaluatorRunner
    Summarization_Quality: PresetEvaluatorRunner
    Tool_Selection: PresetEvaluatorRunner
    Knowledge_Retention: PresetEvaluatorRunner
