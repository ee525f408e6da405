import * as assert from 'node:assert/strict';
import { dockerfileVersions, imageVersions } from '../../engine/versions/images';
import { allowsLine, parseRequirement, showLine, type Language } from '../../engine/versions/spec';
import { alignedVersion } from '../../rules/runtime-version-mismatch';
import { productionConflicts, effectiveSources, lineMatches } from '../../engine/versions/compare';
import type { ProductionSource } from '../../engine/versions/production';

function pinned(text: string, language: Language): string | undefined {
  const r = parseRequirement(text, language);
  return r?.pinned ? showLine(r.pinned) : undefined;
}

describe('versions: requirements', () => {
  it('pins plain versions to their line (Python major.minor, Node major)', () => {
    assert.equal(pinned('3.11.0', 'python'), '3.11');
    assert.equal(pinned('3.11', 'python'), '3.11');
    assert.equal(pinned('python-3.9.18', 'python'), '3.9');
    assert.equal(pinned('pypy3.10', 'python'), '3.10');
    assert.equal(pinned('"3.12"', 'python'), '3.12');
    assert.equal(pinned('v18.17.0', 'node'), '18');
    assert.equal(pinned('20', 'node'), '20');
    assert.equal(pinned('18.x', 'node'), '18');
    assert.equal(pinned('~16.13.0', 'node'), '16');
    assert.equal(pinned('^18.2', 'node'), '18');
    assert.equal(pinned('lts/hydrogen', 'node'), '18');
    assert.equal(pinned('==3.11.*', 'python'), '3.11');
    assert.equal(pinned('~=3.10.2', 'python'), '3.10');
  });

  it('leaves ranges unpinned and names nothing for aliases', () => {
    assert.equal(pinned('3.x', 'python'), undefined);
    assert.equal(pinned('3', 'python'), undefined);
    assert.equal(pinned('>=3.10', 'python'), undefined);
    assert.equal(pinned('>=18 <21', 'node'), undefined);
    assert.equal(pinned('16 || 18', 'node'), undefined);
    assert.equal(parseRequirement('lts/*', 'node'), undefined);
    assert.equal(parseRequirement('node', 'node'), undefined);
    assert.equal(parseRequirement('system', 'python'), undefined);
    assert.equal(parseRequirement('', 'python'), undefined);
  });

  it('answers which lines a range allows', () => {
    const allows = (text: string, language: Language, major: number, minor?: number) => allowsLine(parseRequirement(text, language)!, { major, minor });
    assert.equal(allows('>=3.10', 'python', 3, 9), false);
    assert.equal(allows('>=3.10', 'python', 3, 10), true);
    assert.equal(allows('>= 3.10, <3.13', 'python', 3, 13), false);
    assert.equal(allows('>=3.10,<3.13', 'python', 3, 12), true);
    assert.equal(allows('^3.10', 'python', 4, 0), false);
    assert.equal(allows('~3.10', 'python', 3, 11), false);
    assert.equal(allows('~=3.9', 'python', 3, 12), true);
    assert.equal(allows('>=18', 'node', 16), false);
    assert.equal(allows('>18', 'node', 18), false);
    assert.equal(allows('>=18.12.0', 'node', 18), true);
    assert.equal(allows('<20', 'node', 20), false);
    assert.equal(allows('16 || 18', 'node', 18), true);
    assert.equal(allows('16 - 18', 'node', 19), false);
    assert.equal(allows('3.x', 'python', 3, 11), true);
  });
});

describe('versions: images and Dockerfiles', () => {
  it('reads the interpreter version of an image tag with its offsets', () => {
    assert.deepEqual(imageVersions('python:3.11-slim'), [{ language: 'python', text: '3.11', start: 7, end: 11 }]);
    assert.deepEqual(imageVersions('docker.io/library/node:20.11.1-alpine'), [{ language: 'node', text: '20.11.1', start: 23, end: 30 }]);
    assert.deepEqual(imageVersions('tiangolo/uvicorn-gunicorn-fastapi:python3.11').map((v) => v.text), ['3.11']);
    assert.deepEqual(imageVersions('nikolaik/python-nodejs:python3.12-nodejs20').map((v) => `${v.language} ${v.text}`), ['python 3.12', 'node 20']);
    assert.deepEqual(imageVersions('python:latest'), []);
    assert.deepEqual(imageVersions('node:lts-alpine'), []);
    assert.deepEqual(imageVersions('postgres:16'), []);
    assert.deepEqual(imageVersions('python'), []);
  });

  it('takes the final stage, follows stage names and substitutes ARG defaults', () => {
    const multi = 'FROM node:18 AS build\nRUN npm ci\nFROM python:3.12-slim AS base\nFROM base\nCMD ["x"]\n';
    const v = dockerfileVersions(multi);
    assert.deepEqual(v.map((x) => [x.language, x.text, multi.slice(x.range!.start, x.range!.end)]), [['python', '3.12', '3.12']]);
    const arg = 'ARG PYTHON_VERSION=3.10\nFROM python:${PYTHON_VERSION}-slim\n';
    const a = dockerfileVersions(arg);
    assert.deepEqual(a.map((x) => [x.text, x.range]), [['3.10', undefined]]);
    assert.equal(arg.slice(a[0].stage.imageRange.start, a[0].stage.imageRange.end), 'python:${PYTHON_VERSION}-slim');
    const nginx = 'FROM node:20 AS build\nFROM nginx:alpine\n';
    assert.deepEqual(dockerfileVersions(nginx), []);
    const cont = '# syntax=docker/dockerfile:1\nFROM --platform=linux/amd64 \\\n  python:3.9\n';
    const c = dockerfileVersions(cont);
    assert.equal(cont.slice(c[0].range!.start, c[0].range!.end), '3.9');
  });
});

describe('versions: comparison', () => {
  const src = (kind: ProductionSource['kind'], text: string, authority: number, dirs = ['']): ProductionSource => ({
    language: 'python', kind, file: kind, range: { start: 0, end: text.length }, text, req: parseRequirement(text, 'python')!, dirs, authority, label: `${kind} ${text}`,
  });

  it('reports a disagreeing source once, against the most authoritative one of its folder', () => {
    const render = src('render-env', '3.11.0', 90);
    const file = src('python-version-file', '3.10', 60);
    const same = src('runtime-txt', 'python-3.11.4', 50);
    const range = src('requires-python', '>=3.12', 30);
    const elsewhere = src('python-version-file', '3.8', 60, ['tools']);
    const conflicts = productionConflicts([file, render, same, range, elsewhere]);
    assert.deepEqual(conflicts.map((c) => `${c.source.kind} vs ${c.against.kind}`), ['python-version-file vs render-env', 'requires-python vs render-env']);
  });

  it('matches a CI line against any folder, by pinned line or by range', () => {
    const eff = effectiveSources([src('render-env', '3.11', 90), src('requires-python', '>=3.9', 30, ['lib'])], 'python');
    assert.deepEqual(eff.map((e) => e.text), ['3.11', '>=3.9']);
    assert.equal(lineMatches({ major: 3, minor: 11 }, eff), true);
    assert.equal(lineMatches({ major: 3, minor: 10 }, eff), true);
    assert.equal(lineMatches({ major: 3, minor: 8 }, eff), false);
  });

  it('writes the production version in the precision of the CI value', () => {
    assert.equal(alignedVersion('3.9', { major: 3, minor: 11 }, '3.11.0'), '3.11');
    assert.equal(alignedVersion('3.9.7', { major: 3, minor: 11 }, '3.11.0'), '3.11.0');
    assert.equal(alignedVersion('3.9.7', { major: 3, minor: 11 }, '3.11'), '3.11');
    assert.equal(alignedVersion('18.x', { major: 20 }, '20.11.1'), '20.x');
    assert.equal(alignedVersion('v18', { major: 20 }, '20.11.1'), 'v20');
    assert.equal(alignedVersion('18', { major: 20 }, '>=20'), '20');
  });
});
