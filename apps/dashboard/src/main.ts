/** The dashboard's entry point: defines <compensa-app> (index.html places it). */
import './components/compensa-app';
