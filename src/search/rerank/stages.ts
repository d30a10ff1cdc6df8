/**
 * The re-rank stages, in the order they work: which matches count (long forms, all words), their tiers (all words,
 * recent first), then the score changes of the best matches (a bag of keywords' one-field BM25, adjacency, then
 * feedback, which reads the order they made). The learned stage (a channel's ratings and examples) adds its words
 * before matches are collected. A new stage is one file implementing RerankStage, added here.
 */
import { adjacencyStage } from './adjacency.ts';
import { allWordsStage } from './all-words.ts';
import { feedbackStage } from './feedback.ts';
import { learnedStage } from './learned.ts';
import { longFormsStage } from './long-forms.ts';
import { oneFieldStage } from './one-field.ts';
import { recencyStage } from './recency.ts';
import type { RerankStage } from './stage.ts';

export const RERANK_STAGES: readonly RerankStage[] = [longFormsStage, allWordsStage, recencyStage, oneFieldStage, adjacencyStage, feedbackStage, learnedStage];
