export declare const WEB_INPUTS: string[];
export declare const WEB_DIST: string;
export declare function webDistProblem(root: string, distDir?: string): string | null;
export declare function viteBin(root: string): string | null;
export declare function buildWeb(root: string, options?: { say?: (line: string) => void }): { built: boolean; viteMissing?: boolean; message: string };
