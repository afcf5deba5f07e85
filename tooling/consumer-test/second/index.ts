// A second consumer: it depends on the first consumer alone and reads nested fields through the first's
// emitted .d.ts. Each `@ts-expect-error` probe proves a field's type is known there, not `any`.
import { Embed, Sgd, Train } from "first";

const train = new Train({ embedder: { tokenizer: {} }, optimizer: { kind: "sgd" } });
export const vocab: number = train.embedder.tokenizer.vocab;
export const lower: boolean = train.embedder.tokenizer.lower;
export const dim: number = new Embed({ embedder: { tokenizer: { vocab: 3 } } }).embedder.dim;
export const sgd: boolean = train.optimizer instanceof Sgd;
export const kind: "adam" | "sgd" = train.optimizer.kind;
export const folder: string = train.infra.uid();

// @ts-expect-error the optimizer is an Adam or an Sgd: its kind is "adam" or "sgd"
export const wrongKind: "rmsprop" = train.optimizer.kind;

// @ts-expect-error the infra is a TaskInfra, whose uid() is a string
export const wrongUid: number = train.infra.uid();

// @ts-expect-error a nested field is a number, not a string
export const wrongVocab: string = train.embedder.tokenizer.vocab;

// @ts-expect-error a nested field the tokenizer does not have
export const missing: unknown = train.embedder.tokenizer.size;

// @ts-expect-error a nested input of the wrong type
new Train({ embedder: { tokenizer: { vocab: "3" } }, optimizer: { kind: "sgd" } });

// @ts-expect-error a union member's tag that does not exist
new Train({ embedder: { tokenizer: {} }, optimizer: { kind: "rmsprop" } });
