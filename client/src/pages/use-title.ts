import { useEffect } from 'preact/hooks';

/** Sets the page title, GOV.UK style: "Page – service". */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – csp-hub`;
  }, [title]);
}
