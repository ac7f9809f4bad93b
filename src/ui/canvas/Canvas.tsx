/**
 * The canvas (React Flow): the scenario's graph, drop to add, drag handles to wire (refused wiring
 * explains itself in a toast), drag to move (one undo entry per drag), Delete/Backspace to remove,
 * right-click for the node menu. React Flow keeps its own node list (it stores measured sizes on
 * it); we rebuild it from the scenario whenever the scenario changes, keeping what RF measured.
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  type NodeChange,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import { type DragEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { addNode, connect, moveNode, removeEdge, removeNode } from '../../store/actions';
import { shownGraph } from '../../store/graph';
import { useRunStore } from '../../store/runStore';
import { useScenarioStore } from '../../store/scenarioStore';
import { useViewStore } from '../../store/viewStore';
import { fitReadable, tidy, useUnplacedPositions } from '../layout/useLayout';
import { DRAG_MIME, registerViewportCenter } from './canvasApi';
import { DotLegend, useRequestDots } from './DotLegend';
import { NodeMenu } from './NodeMenu';
import { RateEdge } from './RateEdge';
import { type SimFlowNode, SimNode } from './SimNode';

const nodeTypes = { sim: SimNode };
const edgeTypes = { rate: RateEdge };
const DELETE_KEYS = ['Delete', 'Backspace'];
const edgeId = (from: string, to: string) => `${from}->${to}`;

function CanvasInner() {
  const input = useScenarioStore((s) => s.input);
  const selected = useViewStore((s) => s.selected);
  const theme = useViewStore((s) => s.theme);
  const fitToken = useViewStore((s) => s.fitToken);
  const graph = useMemo(() => shownGraph(input), [input]);
  const [nodes, setNodes] = useState<SimFlowNode[]>([]);
  const [edges, setEdges] = useState<Edge[]>([]);
  const rf = useReactFlow();
  const wrapper = useRef<HTMLDivElement>(null);

  const rawNodes = useMemo(() => graph.nodes.map((n) => n.node), [graph]);
  // The sampled requests become dots on the edges they crossed.
  const edgeIds = useMemo(() => new Set(graph.edges.map((e) => edgeId(e.from, e.to))), [graph]);
  const types = useMemo(() => new Map(rawNodes.map((n) => [n.id, n.type])), [rawNodes]);
  useRequestDots(edgeIds, types);
  const runStatus = useRunStore((s) => s.status);
  // Nodes the scenario left unplaced are laid out by ELK (hidden for the few ms it takes).
  const auto = useUnplacedPositions(rawNodes, graph.edges);

  useEffect(() => {
    setNodes((prev) => {
      const byId = new Map(prev.map((n) => [n.id, n]));
      return graph.nodes.map(({ node, joinsAtMs }) => {
        const old = byId.get(node.id);
        const pos = node.pos ?? auto?.get(node.id);
        return {
          ...(old ?? {}),
          id: node.id,
          type: 'sim' as const,
          hidden: pos === undefined,
          position: old?.dragging ? old.position : { x: pos?.[0] ?? 0, y: pos?.[1] ?? 0 },
          data: {
            kind: node.type,
            label: typeof node.label === 'string' ? node.label : undefined,
            joinsAtMs,
          },
          selected: node.id === selected,
        };
      });
    });
    setEdges((prev) => {
      const byId = new Map(prev.map((e) => [e.id, e]));
      return graph.edges.map((e) => ({
        id: edgeId(e.from, e.to),
        source: e.from,
        target: e.to,
        type: 'rate',
        selected: byId.get(edgeId(e.from, e.to))?.selected ?? false,
      }));
    });
  }, [graph, selected, auto]);

  // Fit on opening, on every new scenario, and once an unplaced graph has its layout — after React
  // Flow has measured the cards (a fit over unmeasured cards would be wrong).
  const laidOut = auto !== null;
  const initialized = useNodesInitialized();
  const fitDue = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new fitToken or a finished layout is what asks for a fit.
  useEffect(() => {
    fitDue.current = true;
  }, [fitToken, laidOut]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the cards are measured or a fit is asked for.
  useEffect(() => {
    if (!laidOut || !initialized || !fitDue.current) return;
    const t = setTimeout(() => {
      const r = wrapper.current?.getBoundingClientRect();
      if (!r) return;
      fitDue.current = false;
      fitReadable(rf, r.width, r.height);
    }, 30);
    return () => clearTimeout(t);
  }, [fitToken, laidOut, initialized, rf]);

  useEffect(() => {
    registerViewportCenter(() => {
      const r = wrapper.current?.getBoundingClientRect();
      if (!r) return [0, 0];
      const p = rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
      return [p.x, p.y];
    });
    return () => registerViewportCenter(null);
  }, [rf]);

  const onNodesChange = useCallback((changes: NodeChange<SimFlowNode>[]) => {
    // Removal goes through the scenario (onDelete); everything else (drag, measure, select) is RF's.
    setNodes((ns) =>
      applyNodeChanges(
        changes.filter((c) => c.type !== 'remove'),
        ns,
      ),
    );
    for (const c of changes) if (c.type === 'select' && c.selected) useViewStore.getState().select(c.id);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((es) =>
      applyEdgeChanges(
        changes.filter((c) => c.type !== 'remove'),
        es,
      ),
    );
  }, []);

  const onDelete = useCallback(({ nodes: ns, edges: es }: { nodes: SimFlowNode[]; edges: Edge[] }) => {
    const gone = new Set(ns.map((n) => n.id));
    for (const e of es) if (!gone.has(e.source) && !gone.has(e.target)) removeEdge(e.source, e.target);
    for (const n of ns) removeNode(n.id);
  }, []);

  const onConnect = useCallback((c: Connection) => void connect(c.source, c.target), []);

  const onDragStart = useCallback(() => useScenarioStore.getState().beginGesture(), []);
  const onDragStop = useCallback((_: unknown, __: SimFlowNode, moved: SimFlowNode[]) => {
    for (const n of moved) moveNode(n.id, [n.position.x, n.position.y]);
    useScenarioStore.getState().endGesture();
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(DRAG_MIME);
      if (!type) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addNode(type, [p.x - 90, p.y - 35]);
    },
    [rf],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the drop target of palette drags; the keyboard path is the palette's click-to-add.
    <div className="canvas" data-testid="canvas" ref={wrapper} onDrop={onDrop} onDragOver={onDragOver}>
      <ReactFlow<SimFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onNodeDragStart={onDragStart}
        onNodeDragStop={onDragStop}
        onPaneClick={() => useViewStore.getState().select(null)}
        onNodeContextMenu={(e, n) => {
          e.preventDefault();
          useViewStore.getState().openMenu({ node: n.id, x: e.clientX, y: e.clientY });
        }}
        deleteKeyCode={DELETE_KEYS}
        colorMode={theme}
        minZoom={0.2}
        maxZoom={2}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        {graph.edges.length > 0 &&
          (runStatus === 'running' || runStatus === 'paused' || runStatus === 'finished') && (
            <Panel position="bottom-right">
              <DotLegend />
            </Panel>
          )}
        {graph.nodes.length > 1 && (
          <Panel position="bottom-left" className="canvas-tidy-panel">
            <button
              type="button"
              className="canvas-tidy"
              data-testid="tidy"
              title="Lay the graph out again, left to right: clients, edge, app tier, data, async work (undo restores your layout)"
              onClick={() => void tidy()}
            >
              Tidy
            </button>
          </Panel>
        )}
      </ReactFlow>
      {graph.nodes.length === 0 && (
        <div className="empty-state">
          <h2>Build an architecture</h2>
          <p>
            Open a <strong>preset</strong> from the gallery and press <strong>▶ Play</strong> — or drag
            components from the left onto this canvas and wire them from the right handle to the left one.
          </p>
        </div>
      )}
      <NodeMenu />
    </div>
  );
}

export function Canvas() {
  return (
    <ReactFlowProvider>
      <CanvasInner />
    </ReactFlowProvider>
  );
}
