import { loadBundleClassifier } from '#lib/inference/load-node.ts';
import { fieldPart } from '#lib/feedback/field-split.ts';
const [dir, a, b] = process.argv.slice(2);
const texts = [
 'Bracket of Delrin made 2013 good condition','Bracket of Delrin made 2021 good condition','Bracket of Delrin made 2013 in new condition',
 'Gear of Delrin made 2016 good condition','Knob of Delrin made 2019 good condition','Spacer of Delrin made 2017 in new condition',
 'Handle of Delrin made 2022 good condition','Washer of Delrin made 2016 good condition','Clip of Delrin made 2011 in new condition',
 'Delrin bushing, built 2018, good condition','Gear, Delrin, made 2020, condition good','Roller of Delrin made 2012 good condition',
 'Bracket of steel made 2013 good condition','Bracket of aluminium made 2021 good condition','Knob of acetal made 2019 good condition','Gear of nylon made 2016 good condition'
];
const ca = await loadBundleClassifier(dir, a); const cb = await loadBundleClassifier(dir, b);
const ra = await ca.classify(texts); const rb = await cb.classify(texts);
for (let i = 0; i < texts.length; i++) console.log(`${ra[i].probability.toFixed(3)}${ra[i].needsReview?'?':' '} -> ${rb[i].probability.toFixed(3)}${rb[i].needsReview?'?':' '}  ${fieldPart(texts[i]).padEnd(11)} ${texts[i]}`);
process.exit(0);
