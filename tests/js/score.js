// Runs the browser runtime's pure functions (generator/assets/quiz.js) under Node.
// stdin:  {"jobs": [{"payload": <a quiz's JSON payload, as generator/quiz/quiz-payload.schema.json describes>, "answers": [{questionId: value}, ...]}],
//          "formats": [[template, {name: value}], ...]}
// stdout: {"scores": [[score(payload, answers) for each set] for each job], "formats": [fmt(...) ...]}
"use strict";
const path = require("path");
const runtime = require(path.join(__dirname, "..", "..", "generator", "assets", "quiz.js"));

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const { jobs = [], formats = [] } = JSON.parse(input);
  process.stdout.write(JSON.stringify({
    scores: jobs.map((job) => job.answers.map((a) => runtime.score(job.payload, a))),
    formats: formats.map(([template, values]) => runtime.fmt(template, values)),
  }));
});
