#!/usr/bin/env node
// Runs Microsoft's Kusto parser and semantic analyzer over KQL texts, against the schemas of the
// two ACR diagnostic tables. Usage:
//   node check.js FILE...            one query per file
//   node check.js < queries.json     a JSON array of query strings on stdin
// Prints every diagnostic as "<source>:<offset>: <severity> <code> <message>" and exits 1 when
// any has severity Error (2 on bad usage), 0 otherwise.
'use strict';

const fs = require('fs');
require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next');

const Symbols = Kusto.Language.Symbols;

// Documented columns (see DESIGN.md "Table schemas"); untyped ones are strings.
const COMMON = [
  'TimeGenerated:datetime', 'CallerIpAddress:string', 'Category:string', 'CorrelationId:string',
  'DurationMs:string', 'Identity:string', 'LoginServer:string', 'OperationName:string',
  'Region:string', 'ResultDescription:string', 'ResultType:string', 'UserAgent:string',
  '_ResourceId:string', '_SubscriptionId:string', '_BilledSize:real', '_IsBillable:string',
  'SourceSystem:string', 'TenantId:string', 'Type:string',
];
const TABLES = {
  ContainerRegistryLoginEvents: COMMON.concat(['JwtId:string']),
  ContainerRegistryRepositoryEvents: COMMON.concat([
    'ArtifactType:string', 'Digest:string', 'MediaType:string', 'Repository:string',
    'Tag:string', 'UserTenantId:string', 'Size:int',
  ]),
};

function globals() {
  const tables = Object.entries(TABLES).map(([name, cols]) =>
    Symbols.TableSymbol.From('(' + cols.join(', ') + ')').WithName(name));
  const db = new Symbols.DatabaseSymbol.ctor('acrlogs', tables);
  return Kusto.Language.GlobalState.Default.WithDatabase(db);
}

function toArray(list) {
  const out = [];
  for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}

function check(state, source, text) {
  const code = Kusto.Language.KustoCode.ParseAndAnalyze(text, state);
  let errors = 0;
  for (const d of toArray(code.GetDiagnostics())) {
    if (d.Severity === 'Error') errors++;
    const where = d.HasLocation ? d.Start : '-';
    const near = d.HasLocation ? ' near ' + JSON.stringify(text.substr(d.Start, Math.max(d.Length, 1)).slice(0, 40)) : '';
    console.log(`${source}:${where}: ${d.Severity} ${d.Code} ${d.Message}${near}`);
  }
  return errors;
}

function readInputs(args) {
  if (args.length > 0) return args.map((f) => [f, fs.readFileSync(f, 'utf8')]);
  const list = JSON.parse(fs.readFileSync(0, 'utf8'));
  if (!Array.isArray(list) || list.some((q) => typeof q !== 'string')) {
    throw new Error('stdin: expected a JSON array of query strings');
  }
  return list.map((q, i) => [`query[${i}]`, q]);
}

function main() {
  let inputs;
  try {
    inputs = readInputs(process.argv.slice(2));
  } catch (e) {
    console.error('kql-check: ' + e.message);
    return 2;
  }
  const state = globals();
  let errors = 0;
  for (const [source, text] of inputs) errors += check(state, source, text);
  console.log(`kql-check: ${inputs.length} queries, ${errors} errors`);
  return errors > 0 ? 1 : 0;
}

process.exitCode = main();
