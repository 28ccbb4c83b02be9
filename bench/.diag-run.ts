import { fanoutBench } from './.fanout-diag';
const figs = await fanoutBench.run((m) => process.stderr.write(m + '\n'));
for (const f of figs) console.log(f.name, f.value);
