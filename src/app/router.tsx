import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';

// Screens load on demand: the wall's first load does not carry the console's code.
const WallScreen = lazy(() => import('../screens/wall/wall-screen').then((m) => ({ default: m.WallScreen })));

const router = createBrowserRouter([
  { path: '/', element: <Navigate to="/wall" replace /> },
  {
    path: '/wall',
    element: (
      <Suspense fallback={null}>
        <WallScreen />
      </Suspense>
    ),
  },
  { path: '*', element: <Navigate to="/wall" replace /> },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
