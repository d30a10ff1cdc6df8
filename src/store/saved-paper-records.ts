/** The records of saved papers (issue 17); the `Store` methods are in store.ts. */

/** A paper a person saved for later (issue 17), with the paper's details as they were when saved. */
export interface SavedPaper {
  teamId: string;
  userId: string;
  paperId: string;
  arxivId: string | null;
  title: string;
  authors: string[];
  /** 'YYYY-MM-DD' or null. */
  date: string | null;
  url: string;
  savedAt: Date;
  /** When the person marked it read; null while unread. */
  readAt: Date | null;
  /** When the paper was withdrawn (papers.withdrawn_at); null while it stands. Read with the list, not kept with the save. */
  withdrawnAt: string | null;
}

export interface SavePaperInput {
  teamId: string;
  userId: string;
  paper: { id: string; arxivId: string | null; title: string; authors: readonly string[]; date: string | null; url: string };
  now?: Date;
}

export interface SavePaperResult {
  saved: SavedPaper;
  /** false when the person had already saved it (nothing changed). */
  created: boolean;
}

export interface SavedPapersPage {
  papers: SavedPaper[];
  /** How many the person has saved in all. */
  total: number;
}
