//! Breaks recursive types with `Box`: a field or variant that leads back to its own type
//! without a heap indirection (`Vec`, map, expansion) in between is boxed.

use crate::ir::{Ir, Ty, TypeId, TypeKind};

/// Wraps the direct references that close a cycle in [`Ty::Boxed`].
pub(super) fn box_cycles(ir: &mut Ir) {
    let edges: Vec<Vec<TypeId>> = ir.types.iter().map(|t| direct_edges(&t.kind)).collect();
    let component = strongly_connected(&edges);
    for (index, def) in ir.types.iter_mut().enumerate() {
        let own = component[index];
        let in_cycle = |id: TypeId| component[id.0] == own;
        for ty in def.kind.tys_mut() {
            box_matching(ty, &in_cycle);
        }
    }
}

fn direct_edges(kind: &TypeKind) -> Vec<TypeId> {
    let mut out = Vec::new();
    kind.tys().for_each(|ty| ty.direct_names(&mut out));
    out
}

fn box_matching(ty: &mut Ty, in_cycle: &impl Fn(TypeId) -> bool) {
    match ty {
        Ty::Named(id) if in_cycle(*id) => *ty = Ty::Boxed(Box::new(Ty::Named(*id))),
        Ty::Clearable(inner) | Ty::Range(inner) => box_matching(inner, in_cycle),
        _ => {}
    }
}

/// Tarjan's algorithm: the component index of every node.
fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    struct State<'e> {
        edges: &'e [Vec<TypeId>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        component: Vec<usize>,
        next_index: usize,
        next_component: usize,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next_index);
        s.low[v] = s.next_index;
        s.next_index += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for w in s.edges[v].iter().map(|w| w.0) {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(wi) if s.on_stack[w] => s.low[v] = s.low[v].min(wi),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.next_component;
                if w == v {
                    break;
                }
            }
            s.next_component += 1;
        }
    }
    let n = edges.len();
    let mut state = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        component: vec![0; n],
        next_index: 0,
        next_component: 0,
    };
    for v in 0..n {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.component
}
