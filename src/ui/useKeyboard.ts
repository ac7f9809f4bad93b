/** Global keys: Space toggles play; Ctrl/Cmd+Z undo; Shift+Ctrl/Cmd+Z and Ctrl+Y redo. Not while typing. */
import { useEffect } from 'react';
import { togglePlay } from '../store/actions';
import { useScenarioStore } from '../store/scenarioStore';

/** True when the key belongs to a field the user is typing in (or a control that uses Space). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

export function handleGlobalKey(e: KeyboardEvent): void {
  if (isTyping(e.target)) return;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && key === 'z') {
    e.preventDefault();
    if (e.shiftKey) useScenarioStore.getState().redo();
    else useScenarioStore.getState().undo();
  } else if (mod && key === 'y') {
    e.preventDefault();
    useScenarioStore.getState().redo();
  } else if (e.key === ' ' && !mod && !e.altKey) {
    // A focused button would also click on Space: leave buttons their own behaviour.
    if (e.target instanceof HTMLElement && (e.target.tagName === 'BUTTON' || e.target.tagName === 'SUMMARY'))
      return;
    e.preventDefault();
    togglePlay();
  }
}

export function useKeyboard(): void {
  useEffect(() => {
    window.addEventListener('keydown', handleGlobalKey);
    return () => window.removeEventListener('keydown', handleGlobalKey);
  }, []);
}
