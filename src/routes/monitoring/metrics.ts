/** What each figure on the monitoring page means, in plain words, shown next to it (data, not prose in markup). */
export const EXPLAIN = {
	predictions: 'Verdicts devices and the web service gave in this period (each sends one anonymous event).',
	accuracy: 'What the model expects of itself: the mean of its confidence in each verdict. Not checked against people.',
	overrides: 'Share of verdicts a technician changed: how often people judged the model wrong.',
	oov: 'Share of words in descriptions the model has never seen. A rise means new kinds of descriptions.',
	nonCompliant: 'Share of verdicts that said non-compliant: the output mix, which follows what is being scanned.',
	modelErrors: 'Times a device or the server could not load a model or refused a bundle (e.g. a bad signature).',
	timeline: 'How many verdicts each model version gave per time bucket.',
	labelMix:
		'The output: share of verdicts that were non-compliant, against the share in each model’s evaluation set. A batch of different parts moves it without anything being wrong with the model.',
	inputs:
		'The inputs: unknown-word rate and description length. Changes here mean the descriptions themselves differ from before (input drift).',
	overridesChart: 'Share of verdicts technicians overrode, per time bucket (the realized error rate).',
	confidence:
		'How sure the model was, against its evaluation set. Raw PSI includes the label mix; label-adjusted PSI first gives the reference this period’s label mix, so it shows only a change of shape within each label (input drift).',
	latency: 'Time from description to verdict: half were faster than p50, 95% faster than p95, 99% faster than p99.',
	agreement: 'How often the challenger model (run in the shadow, not shown to anyone) gave the same label as the champion.',
	versions: 'Which model versions sent events, from which app versions, and when they were last seen.',
	errors: 'Model load failures by error code and model version.'
} as const;
