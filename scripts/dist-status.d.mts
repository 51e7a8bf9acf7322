export declare const STAMP: string;
export declare function distProblem(root: string): string | null;
